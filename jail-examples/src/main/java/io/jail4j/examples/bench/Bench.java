package io.jail4j.examples.bench;

import io.jail4j.examples.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code jail4j bench}: the cost of {@code enter()} against C, same work, same run. Each round
 * runs, interleaved, the C reference ({@code ref_enter_proof.c}, compiled here, holding as many
 * idle threads as the JVM has), a JVM that enters the jail, and a bare JVM that only reaches
 * {@code main()}. It reports median and spread of the irreversible window (point of no return to
 * the end of the proof) for both and their ratio, and what {@code enter()} blocks its caller for
 * next to a bare JVM's start to {@code main()}.
 */
public final class Bench {
    /** The application's own start-up simulated in the {@code Jail.prepare()} rounds. */
    private static final int STARTUP_MILLIS = 500;
    /** CPU time of the child that {@link #lines(List)} ran last, in milliseconds. */
    private static double lastCpuMillis;
    private final int runs;
    private final String user;
    private final PrintStream out;

    private Bench(int runs, String user, PrintStream out) {
        this.runs = runs;
        this.user = user;
        this.out = out;
    }

    /**
     * Runs the benchmark (as root; needs a C compiler, cc).
     *
     * @param runs rounds of each kind, at least 1
     * @param user the user the jail drops to
     * @param out receives the results
     * @param err receives the error that stopped the run
     * @return {@link ExitCode#OK}, or {@link ExitCode#REFUSED} if the run failed or was interrupted
     */
    public static ExitCode run(int runs, String user, PrintStream out, PrintStream err) {
        try {
            return new Bench(runs, user, out).run();
        } catch (IOException | RuntimeException e) {
            err.println("jail4j bench: " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.REFUSED;
        }
    }

    private ExitCode run() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("jail4j-bench-");
        try {
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jail = Files.createDirectory(work.resolve("jail"));
            Files.setPosixFilePermissions(jail, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path ref = compileReference(work);
            Path filter = work.resolve("policy.bpf");
            Files.write(filter, io.jail4j.Jail.at(jail).dropTo(user).syscallPolicyProgram());
            int threads = Integer.parseInt(field(jvm(jail.toString(), user).get(1), "threads")) - 1;
            List<Double> c = new ArrayList<>();
            List<Double> jvm = new ArrayList<>();
            List<Double> blocked = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<Double> load = new ArrayList<>();
            List<Double> prepared = new ArrayList<>();
            List<Double> cpuEnter = new ArrayList<>();
            List<Double> cpuBare = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                double cUs = Double.parseDouble(field(lines(List.of(ref.toString(), jail.toString(), user,
                        String.valueOf(threads), filter.toString())).get(0), "irreversible_us"));
                List<String> j = jvm(jail.toString(), user);
                double jUs = Long.parseLong(field(j.get(1), "irreversible")) / 1e3;
                c.add(cUs);
                jvm.add(jUs);
                ratio.add(jUs / cUs);
                blocked.add(Long.parseLong(field(j.get(1), "total")) / 1e6);
                load.add(Long.parseLong(field(j.get(1), "load")) / 1e6);
                addKnown(cpuEnter, lastCpuMillis);
                List<String> p = lines(jvmCommand("--prepare", String.valueOf(STARTUP_MILLIS), jail.toString(), user));
                prepared.add(Long.parseLong(field(p.get(1), "total")) / 1e6);
                bare.add(startToMain(jvmCommand("--bare")));
                addKnown(cpuBare, lastCpuMillis);
            }
            report(threads, new Stats(c), new Stats(jvm), new Stats(ratio), new Stats(blocked), new Stats(bare),
                    new Stats(load));
            out.println("  enter() after Jail.prepare() and " + STARTUP_MILLIS + " ms of application start-up");
            out.println("                " + new Stats(prepared).describe("ms"));
            out.println("CPU time of the whole JVM process (all threads):");
            out.println("  enter() run   " + new Stats(cpuEnter).describe("ms"));
            out.println("  bare JVM      " + new Stats(cpuBare).describe("ms"));
            return ExitCode.OK;
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Adds a CPU time the kernel reported; a process that ended before it was read has none (NaN). */
    private static void addKnown(List<Double> values, double value) {
        if (!Double.isNaN(value)) {
            values.add(value);
        }
    }

    private void report(int threads, Stats c, Stats jvm, Stats ratio, Stats blocked, Stats bare, Stats load) {
        out.printf(Locale.ROOT, "jail4j bench: %d interleaved runs each, Java %s, %d idle threads in C%n",
                c.count(), Runtime.version(), threads);
        out.println("irreversible window (point of no return to end of proof):");
        out.println("  C reference   " + c.describe("us"));
        out.println("  jail4j        " + jvm.describe("us"));
        out.printf(Locale.ROOT, "  ratio         %9.2f x   (median of per-round ratios; IQR %.2f-%.2f; ratio of medians %.2f)%n",
                ratio.median(), ratio.quantile(0.25), ratio.quantile(0.75), jvm.median() / c.median());
        out.println("what enter() blocks its caller for, native binding loaded before:");
        out.println("  enter() with the default preload inline");
        out.println("                " + blocked.describe("ms"));
        out.println("  native load   " + load.describe("ms") + "  (jnr-ffi, once per process, before enter())");
        out.println("  bare JVM start to main()");
        out.println("                " + bare.describe("ms"));
    }

    private Path compileReference(Path work) throws IOException, InterruptedException {
        Path source = work.resolve("ref_enter_proof.c");
        try (InputStream in = Bench.class.getResourceAsStream("ref_enter_proof.c")) {
            if (in == null) {
                throw new IOException("the C reference source is missing from the jar");
            }
            Files.copy(in, source);
        }
        Path binary = work.resolve("ref_enter_proof");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-O2", "-pthread", "-o", binary.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("needs a C compiler to build the reference (apt-get install gcc): " + e.getMessage(), e);
        }
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) {
            throw new IOException("cc failed to build the C reference: " + log);
        }
        return binary;
    }

    private List<String> jvm(String jail, String target) throws IOException, InterruptedException {
        return lines(jvmCommand(jail, target));
    }

    private static List<String> jvmCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int feature = Runtime.version().feature();
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (feature >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Returns milliseconds from just before the spawn to the child's first statement in main(). */
    private static double startToMain(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<String> out = lines(cmd);
        return (Long.parseLong(out.get(0).substring("MAIN ".length())) - t0) / 1e6;
    }

    private static List<String> lines(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ProcessHandle handle = p.toHandle();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        lastCpuMillis = handle.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
            throw new IOException(String.join(" ", cmd.subList(0, 1)) + " failed (exit "
                    + (p.isAlive() ? "timeout" : p.exitValue()) + "): " + out);
        }
        return out;
    }

    /** Returns the value of {@code key=value} in a line of the children's output. */
    static String field(String line, String key) {
        for (String part : line.split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + "= in \"" + line + "\"");
    }
}
