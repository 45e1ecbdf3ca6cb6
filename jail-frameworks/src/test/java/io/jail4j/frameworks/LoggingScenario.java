package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.layout.JailLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Shared steps of the logging tests: the jail layout with a log directory the target user owns and
 * a configuration directory it can only read, the forked child ({@link LoggingChild}), and the
 * accounting of every numbered line it logged, read back from stderr and from every log file
 * (rolled and gzipped ones included).
 */
final class LoggingScenario {
    static final int NOBODY = 65534;
    private static final Pattern LINE = Pattern.compile("\\b(seq|dbg) t(\\d+) n(\\d+)\\b");

    private LoggingScenario() {
    }

    /** The jail's layout for the recipe: {@code /var/log/app} for the daemon, {@code /etc/app} for root. */
    static JailLayout layout(Map<String, String> configs) {
        JailLayout layout = JailLayout.standard()
                .dir("/tmp", "root:root", 01777, "temporary files of the JVM")
                .dir("/etc", "root:root", 0755, "configuration")
                .dir("/etc/app", "root:root", 0755, "logging configuration: the daemon reads it, root alone edits it")
                .dir("/var", "root:root", 0755, "variable data")
                .dir("/var/log", "root:root", 0755, "logs")
                .dataDir("/var/log/app", NOBODY + ":" + NOBODY, 0750, "log files: the daemon creates and rolls them");
        for (Map.Entry<String, String> c : configs.entrySet()) {
            layout = layout.text(c.getKey(), c.getValue(), "root:root", 0644, "logging configuration");
        }
        return layout;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = LoggingScenario.class.getResourceAsStream("logging/" + name)) {
            if (in == null) {
                throw new IOException("no resource logging/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Starts {@link LoggingChild} with one SLF4J provider on its class path. */
    static Forked start(Path jdk, String framework, String mode, Path jail, String bootConfig) {
        Predicate<String> leaveOut = framework.equals("logback")
                ? n -> n.startsWith("log4j-slf4j2-impl")
                : n -> n.startsWith("logback-classic") || n.startsWith("logback-core");
        String property = framework.equals("logback") ? "-Dlogback.configurationFile=" : "-Dlog4j2.configurationFile=";
        return Forked.start(jdk, LoggingChild.class, leaveOut, List.of(property + bootConfig, "-Xmx256m"),
                framework, mode, jail.toString());
    }

    /** Checks from outside that the child's root is the jail and that all four uids are 65534. */
    static void assertJailed(Forked child, Path jail) throws IOException {
        Path root = Path.of("/proc/" + child.pid() + "/root");
        assertEquals(jail.toRealPath(), root.toRealPath(), "the child's root" + child.describe());
        String uid = Files.readAllLines(Path.of("/proc/" + child.pid() + "/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(List.of("65534", "65534", "65534", "65534"), List.of(uid.substring(4).trim().split("\\s+")),
                "Uid line of /proc/PID/status: " + uid);
    }

    /** Reads {@code DONE t0=N t1=M} into the number of seq lines each thread logged. */
    static long[] counts(Forked child) {
        String done = child.stdout().stream().filter(l -> l.startsWith("DONE")).findFirst()
                .orElseThrow(() -> new AssertionError("no DONE line" + child.describe()));
        long[] counts = new long[LoggingChild.THREADS];
        for (String part : done.substring(5).split(" ")) {
            String[] kv = part.split("=");
            counts[Integer.parseInt(kv[0].substring(1))] = Long.parseLong(kv[1]);
        }
        for (long c : counts) {
            assertTrue(c > 1000, "each thread logged more than 1000 lines: " + done);
        }
        return counts;
    }

    static List<String> warnings(Forked child) {
        return child.stdout().stream().filter(l -> l.startsWith("warning=")).map(l -> l.substring(8))
                .collect(Collectors.toList());
    }

    /** Every regular file below {@code dir}, gzipped ones decompressed, by path. */
    static Map<Path, List<String>> logFiles(Path dir) throws IOException {
        Map<Path, List<String>> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                byte[] bytes = Files.readAllBytes(f);
                if (f.getFileName().toString().endsWith(".gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                        bytes = in.readAllBytes();
                    }
                }
                out.put(f, new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList()));
            }
        }
        return out;
    }

    /** What a set of lines holds: per thread the seq numbers with their multiplicity, and the dbg count. */
    static final class Tally {
        final List<Map<Long, Integer>> seq = new ArrayList<>();
        long dbg;

        Tally(List<String> lines) {
            for (int t = 0; t < LoggingChild.THREADS; t++) {
                seq.add(new HashMap<>());
            }
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                if (m.group(1).equals("dbg")) {
                    dbg++;
                } else {
                    seq.get(Integer.parseInt(m.group(2))).merge(Long.parseLong(m.group(3)), 1, Integer::sum);
                }
            }
        }

        long lines() {
            return seq.stream().mapToLong(s -> s.values().stream().mapToLong(Integer::longValue).sum()).sum();
        }

        /** The numbers of thread {@code t} below {@code count} that appear neither here nor in {@code other}. */
        TreeSet<Long> missing(int t, long count, Tally other) {
            TreeSet<Long> missing = new TreeSet<>();
            for (long n = 0; n < count; n++) {
                if (!seq.get(t).containsKey(n) && (other == null || !other.seq.get(t).containsKey(n))) {
                    missing.add(n);
                }
            }
            return missing;
        }

        void assertNoDuplicates(String where) {
            for (int t = 0; t < seq.size(); t++) {
                List<Long> twice = seq.get(t).entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                        .sorted().collect(Collectors.toList());
                if (!twice.isEmpty()) {
                    fail(where + ": thread " + t + " has " + twice.size() + " numbers more than once, first "
                            + twice.subList(0, Math.min(10, twice.size())));
                }
            }
        }
    }

    static List<String> all(Map<Path, List<String>> files) {
        return files.values().stream().flatMap(List::stream).collect(Collectors.toList());
    }
}
