package io.jail4j.examples.bench;

import io.jail4j.examples.ExitCode;
import io.jail4j.examples.Main;
import io.jail4j.tcpd.Decision;
import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code jail4j tcpd-bench}: jail4j's {@link HostsAccess#check} against libwrap's
 * {@code hosts_ctl} on the same 1000-line {@code hosts.allow}, the same {@code hosts.deny} and
 * the same queries, in one run: rounds alternate the C program ({@code wrap_bench.c}, compiled
 * here with {@code cc -lwrap}) and the JVM, and the report gives the median and spread of checks
 * per second of both and of their ratio per round; then the cost of one check against 10,000
 * rules. Both must allow the same number of queries, or the run fails.
 *
 * <p>Each round also times the {@code hosts-check} pipeline (unless {@code --pipeline 0}): a
 * child JVM running {@code jail4j hosts-check} on the same files is fed the queries, repeated to
 * 5,000,000 lines by default, through a pipe, and its answers are read back through another;
 * the time runs from starting the child to its exit, so JVM start-up and loading the rules count.
 * Its answers must be as many and allow as many as in-process checks do.
 */
public final class TcpdBench {
    private final int rounds;
    private final int rules;
    private final long pipeline;
    private final PrintStream out;

    private TcpdBench(int rounds, int rules, long pipeline, PrintStream out) {
        this.rounds = rounds;
        this.rules = rules;
        this.pipeline = pipeline;
        this.out = out;
    }

    /**
     * Runs the benchmark (needs cc and libwrap: apt-get install gcc libwrap0-dev).
     *
     * @param rounds interleaved rounds, at least 1
     * @param rules lines of the generated hosts.allow, at least 1
     * @param pipeline queries per round through {@code hosts-check} in pipes; 0 to skip that part
     * @param out receives the results
     * @param err receives the error that stopped the run
     * @return {@link ExitCode#OK}, or {@link ExitCode#REFUSED} if the run failed or was interrupted
     */
    public static ExitCode run(int rounds, int rules, long pipeline, PrintStream out, PrintStream err) {
        try {
            return new TcpdBench(rounds, rules, pipeline, out).run();
        } catch (IOException | HostsFileException | RuntimeException e) {
            err.println("jail4j tcpd-bench: " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.REFUSED;
        }
    }

    private ExitCode run() throws IOException, InterruptedException, HostsFileException {
        Path work = Files.createTempDirectory("jail4j-tcpd-bench-");
        try {
            Path wrapBench = compile(work);
            Random random = new Random(42);
            Path allow = Files.writeString(work.resolve("hosts.allow"), TcpdWorkload.allowFile(rules, random));
            Path deny = Files.writeString(work.resolve("hosts.deny"), "ALL: ALL\n");
            List<String[]> queries = TcpdWorkload.queries(1000, random);
            Path queryFile = work.resolve("queries");
            StringBuilder q = new StringBuilder();
            for (String[] x : queries) {
                q.append(String.join(" ", x)).append('\n');
            }
            Files.writeString(queryFile, q);
            HostsAccess access = HostsAccess.load(allow, deny);
            List<Request> requests = new ArrayList<>();
            for (String[] x : queries) {
                requests.add(Request.of(x[0], TcpdWorkload.dash(x[1]), TcpdWorkload.dash(x[2]), TcpdWorkload.dash(x[3])));
            }
            long cCalls = 2 * queries.size();
            String[] c0 = c(wrapBench, allow, deny, queryFile, queries.size());
            long javaAllowed = 0;
            for (Request r : requests) {
                javaAllowed += r == null ? 0 : access.check(r).allowed() ? 1 : 0;
            }
            if (Long.parseLong(Bench.field(String.join(" ", c0), "allowed")) != javaAllowed) {
                throw new IllegalStateException("libwrap allowed " + Bench.field(String.join(" ", c0), "allowed")
                        + " of the queries, jail4j " + javaAllowed);
            }
            List<Double> cRates = new ArrayList<>();
            List<Double> jRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> pRates = new ArrayList<>();
            List<Double> pRatios = new ArrayList<>();
            byte[] block = q.toString().getBytes(StandardCharsets.UTF_8);
            javaRate(access, requests, 3_000_000); // warm-up: JIT
            for (int i = 0; i < rounds; i++) {
                String[] c = c(wrapBench, allow, deny, queryFile, cCalls);
                double cRate = cCalls / (Long.parseLong(Bench.field(String.join(" ", c), "ns")) / 1e9);
                double jRate = javaRate(access, requests, 2_000_000);
                cRates.add(cRate);
                jRates.add(jRate);
                ratios.add(jRate / cRate);
                if (pipeline > 0) {
                    double pRate = pipelineRate(allow, deny, block, queries.size(), javaAllowed);
                    pRates.add(pRate);
                    pRatios.add(pRate / cRate);
                }
            }
            out.printf(Locale.ROOT, "jail4j tcpd-bench: %d rules in hosts.allow, %d queries (%d allowed), %d interleaved "
                    + "rounds, Java %s%n", rules, queries.size(), javaAllowed, rounds, Runtime.version());
            out.println("checks per second:");
            out.println("  libwrap hosts_ctl  " + new Stats(cRates).describe("/s"));
            out.println("  jail4j check       " + new Stats(jRates).describe("/s"));
            Stats r = new Stats(ratios);
            out.printf(Locale.ROOT, "  ratio              %9.0f x   (median of per-round ratios; IQR %.0f-%.0f)%n",
                    r.median(), r.quantile(0.25), r.quantile(0.75));
            if (pipeline > 0) {
                out.printf(Locale.ROOT, "hosts-check pipeline, %d queries per round through pipes, JVM start-up and "
                        + "rule loading included:%n", pipeline);
                out.println("  jail4j hosts-check " + new Stats(pRates).describe("/s"));
                Stats pr = new Stats(pRatios);
                out.printf(Locale.ROOT, "  ratio              %9.0f x   (median of per-round ratios; IQR %.0f-%.0f)%n",
                        pr.median(), pr.quantile(0.25), pr.quantile(0.75));
            }
            large(work, random);
            return ExitCode.OK;
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Times one check against 10,000 rules (no C: libwrap would take milliseconds per call). */
    private void large(Path work, Random random) throws IOException, HostsFileException {
        Path allow = Files.writeString(work.resolve("hosts.allow.10000"), TcpdWorkload.allowFile(10_000, random));
        Path deny = Files.writeString(work.resolve("hosts.deny.10000"), "ALL: ALL\n");
        HostsAccess access = HostsAccess.load(allow, deny);
        List<Request> requests = new ArrayList<>();
        for (String[] x : TcpdWorkload.queries(1000, random)) {
            requests.add(Request.of(x[0], TcpdWorkload.dash(x[1]), TcpdWorkload.dash(x[2]), TcpdWorkload.dash(x[3])));
        }
        javaRate(access, requests, 2_000_000);
        List<Double> ns = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ns.add(1e9 / javaRate(access, requests, 1_000_000));
        }
        out.println("one check against 10,000 rules (request built and checked):");
        out.println("  jail4j check       " + new Stats(ns).describe("ns"));
    }

    private static double javaRate(HostsAccess access, List<Request> requests, int calls) {
        int n = requests.size();
        long allowed = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            Request r = requests.get(i % n);
            Decision d = access.check(Request.of(r.daemon(), r.clientName(), r.clientAddress(), r.user()));
            allowed += d.allowed() ? 1 : 0;
        }
        long t = System.nanoTime() - t0;
        if (allowed < 0) {
            throw new AssertionError();
        }
        return calls / (t / 1e9);
    }

    /**
     * Runs {@code jail4j hosts-check} in a child JVM (this JVM's java and class path), writes
     * {@link #pipeline} query lines to it (the block of {@code perBlock} queries over and over)
     * and reads its answers; returns queries per second from the start of the child to its exit.
     */
    private double pipelineRate(Path allow, Path deny, byte[] block, int perBlock, long allowedPerBlock)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java));
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--enable-native-access") || flag.startsWith("--sun-misc-unsafe")) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "hosts-check",
                "--allow", allow.toString(), "--deny", deny.toString()));
        long blocks = pipeline / perBlock;
        int rest = (int) (pipeline % perBlock);
        int restBytes = 0;
        for (int i = 0, lines = 0; lines < rest; i++) {
            if (block[i] == '\n') {
                lines++;
            }
            restBytes = i + 1;
        }
        int tailBytes = restBytes;
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (java.io.OutputStream in = p.getOutputStream()) {
                for (long b = 0; b < blocks; b++) {
                    in.write(block);
                }
                in.write(block, 0, tailBytes);
            } catch (IOException e) {
                // the child died: the count of answers tells
            }
        }, "tcpd-bench-feeder");
        feeder.start();
        long lines = 0;
        long allows = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream answers = p.getInputStream()) {
            for (int n; (n = answers.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    } else if (buf[i] == 'A') {
                        allows++;
                    }
                }
            }
        }
        int exit = p.waitFor();
        long t = System.nanoTime() - t0;
        feeder.join();
        if (exit != 0 || lines != pipeline) {
            throw new IOException("hosts-check answered " + lines + " of " + pipeline + " queries (exit " + exit + ")");
        }
        long expected = blocks * allowedPerBlock;
        if (rest > 0) {
            expected = -1; // a partial block: not checked
        }
        if (expected >= 0 && allows != expected) {
            throw new IllegalStateException("hosts-check allowed " + allows + " queries, in-process checks "
                    + expected);
        }
        return pipeline / (t / 1e9);
    }

    private String[] c(Path binary, Path allow, Path deny, Path queries, long calls)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString(), allow.toString(), deny.toString(), queries.toString(),
                Long.toString(calls)).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("wrap_bench failed: " + text);
        }
        return text.split("\\s+");
    }

    private static Path compile(Path work) throws IOException, InterruptedException {
        Path source = work.resolve("wrap_bench.c");
        try (InputStream in = TcpdBench.class.getResourceAsStream("wrap_bench.c")) {
            if (in == null) {
                throw new IOException("wrap_bench.c is missing from the jar");
            }
            Files.copy(in, source);
        }
        Path binary = work.resolve("wrap_bench");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), source.toString(), "-lwrap")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("needs a C compiler and libwrap (apt-get install gcc libwrap0-dev): " + e.getMessage(), e);
        }
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) {
            throw new IOException("cc -lwrap failed (apt-get install gcc libwrap0-dev): " + log);
        }
        return binary;
    }
}
