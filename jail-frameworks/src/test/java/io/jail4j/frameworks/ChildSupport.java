package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.LearnPlan;
import io.jail4j.Preload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the framework children share: loading a child's own classes before the chroot (the test
 * classes are a class directory, unreadable in the jail without the mirror, and {@code
 * Preload.packages} would also load the other children, whose frameworks are left off the class
 * path), printing the entry report's warnings, and waiting for the test to say {@code stop}.
 */
final class ChildSupport {
    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8));

    private ChildSupport() {
    }

    /**
     * Loads {@code main}, its nested and anonymous classes and this class from their class directory
     * (or jar) without initialising them.
     */
    static Preload ownClasses(Class<?> main) {
        if (LEARN_TEST != null) {
            return Preload.named("(learn-mode test: the child's own classes are left to the plan)", () -> { });
        }
        return Preload.named("classes of " + main.getSimpleName(), () -> {
            List<String> names = new ArrayList<>(List.of(ChildSupport.class.getName()));
            try {
                Path location = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path dir = location.resolve(main.getPackageName().replace('.', '/'));
                try (Stream<Path> files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.equals(main.getSimpleName() + ".class")
                                    || n.startsWith(main.getSimpleName() + "$") && n.endsWith(".class"))
                            .forEach(n -> names.add(main.getPackageName() + "." + n.substring(0, n.length() - 6)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            for (String name : names) {
                try {
                    Class.forName(name, false, main.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot load " + name, e);
                }
            }
        });
    }

    /**
     * The learn-mode test's setting, from the system property {@code jail4j.test.learn} the test
     * puts on the child's command line: {@code learn:PLANFILE} (the child learns) or
     * {@code apply:PLANFILE} (the child applies the plan learned), or null for the other tests.
     */
    static final String LEARN_TEST = System.getProperty("jail4j.test.learn");

    /**
     * Returns {@code plan} as the learn-mode test asks: with {@code Jail.learn(PLANFILE)} for the
     * learning run, with the plan file's calls applied by {@link LearnPlan#applyTo(Jail)} for the
     * jailed run, unchanged for the other tests.
     */
    static Jail learnOrApply(Jail plan) {
        if (LEARN_TEST == null) {
            return plan;
        }
        Path file = Path.of(LEARN_TEST.substring(LEARN_TEST.indexOf(':') + 1));
        if (LEARN_TEST.startsWith("learn:")) {
            return plan.learn(file);
        }
        if (!LEARN_TEST.startsWith("apply:")) {
            throw new IllegalArgumentException("jail4j.test.learn=" + LEARN_TEST + ": expected learn:FILE or apply:FILE");
        }
        try {
            return LearnPlan.read(file).applyTo(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An exception with its causes, or any value, on one line. */
    static String oneLine(Object o) {
        StringBuilder b = new StringBuilder(String.valueOf(o));
        Throwable c = o instanceof Throwable ? ((Throwable) o).getCause() : null;
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString().replace('\n', ' ');
    }

    /** Prints each warning of {@code report} to stderr as {@code jail4j warning: ...}. */
    static void printWarnings(EntryReport report) {
        for (String w : report.warnings()) {
            System.err.println("jail4j warning: " + w);
        }
        System.err.flush();
    }

    /** Reads stdin until it ends or a line says {@code word}. */
    static void await(String word) throws IOException {
        for (String line; (line = STDIN.readLine()) != null; ) {
            if (line.trim().equals(word)) {
                return;
            }
        }
    }

    /** Reads stdin until it ends or a line says {@code stop}. */
    static void waitForStop() throws IOException {
        await("stop");
    }
}
