package io.jail4j.examples.bench;

import io.jail4j.examples.ExitCode;
import io.jail4j.examples.Main;
import io.jail4j.examples.dns.Dnsd;
import io.jail4j.examples.dns.NsdPeer;
import io.jail4j.examples.dns.ZoneException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code jail4j dnsbench}: {@code dnsperf} against the jailed {@code dnsd} and against NSD with as
 * many server processes as dnsd has UDP threads, same zone, same queries, on loopback, interleaved
 * (the order alternates each round), after a warm-up of each; prints queries per second and
 * average latency per round, their medians and ranges, and the ratio dnsd / NSD. Needs root (dnsd
 * jails itself), {@code nsd} and {@code dnsperf} ({@code apt-get install -y nsd dnsperf}).
 * Without {@code --zone} it serves the example zone below with its ten queries.
 */
public final class DnsBench {
    private static final String ZONE = String.join("\n",
            "$ORIGIN example.test.",
            "$TTL 3600",
            "@       IN SOA ns1.example.test. hostmaster.example.test. ( 2024010101 7200 3600 1209600 3600 )",
            "@       IN NS   ns1.example.test.",
            "@       IN NS   ns2.example.test.",
            "@       IN A    127.0.0.10",
            "@       IN MX   10 mail.example.test.",
            "ns1     IN A    127.0.0.11",
            "ns2     IN A    127.0.0.12",
            "www     IN A    127.0.0.13",
            "www     IN AAAA ::1",
            "mail    IN A    127.0.0.14",
            "ftp     IN CNAME www.example.test.",
            "@       IN TXT  \"v=spf1 -all\"", "");
    private static final String QUERIES = String.join("\n", "example.test SOA", "example.test NS", "example.test A",
            "example.test MX", "example.test TXT", "www.example.test A", "www.example.test AAAA", "ns1.example.test A",
            "mail.example.test A", "ftp.example.test A", "nope.example.test A", "");
    private static final List<Path> TOOLS = List.of(Path.of("/usr/sbin/nsd"), Path.of("/usr/bin/dnsperf"));
    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");
    private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");

    private DnsBench() {
    }

    /** One dnsperf run. */
    record Run(double qps, double latencyMs, long lost) {
    }

    /**
     * Checks that the tools are installed and that it runs as root, then runs the benchmark.
     *
     * @param rounds rounds of each server, at least 1
     * @param seconds seconds per dnsperf run, at least 1
     * @param clients dnsperf clients, at least 1
     * @param zone the zone file to serve, or null for the example zone (then queries is null too)
     * @param queries dnsperf's query file for the zone, or null for the example's
     * @param out receives the results
     * @param err receives the error that stopped the run
     * @return {@link ExitCode#OK} after a complete run, {@link ExitCode#IO_ERROR} when {@code nsd}
     *         or {@code dnsperf} is missing or a run fails or is interrupted,
     *         {@link ExitCode#REFUSED} when not run as root (checked after the tools: a missing tool
     *         is the first thing to fix whoever runs it)
     */
    public static ExitCode run(int rounds, int seconds, int clients, Path zone, Path queries, PrintStream out,
                               PrintStream err) {
        Preflight refused = preflight(TOOLS, root());
        if (refused != null) {
            err.println("jail4j dnsbench: " + refused.message());
            return refused.code();
        }
        try {
            return new DnsBench().bench(rounds, seconds, clients, zone, queries, out, err);
        } catch (IOException | ZoneException e) {
            err.println("jail4j dnsbench: " + e.getMessage());
            return ExitCode.IO_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.IO_ERROR;
        }
    }

    /** Why the benchmark cannot start, and its exit status. */
    record Preflight(ExitCode code, String message) {
    }

    /**
     * Checks, before any work, that the tools exist and that it runs as root: a missing tool is
     * reported first (with the root requirement too when that is also unmet), since installing it
     * is needed whoever runs the benchmark.
     *
     * @return null if both hold, else the refusal
     */
    static Preflight preflight(List<Path> tools, boolean root) {
        List<String> missing = new ArrayList<>();
        for (Path tool : tools) {
            if (!Files.isExecutable(tool)) {
                missing.add(tool.toString());
            }
        }
        if (!missing.isEmpty()) {
            return new Preflight(ExitCode.IO_ERROR, String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " missing (apt-get install -y nsd dnsperf)" + (root ? "" : "; it also needs root (dnsd binds as"
                    + " root and jails itself)"));
        }
        if (!root) {
            return new Preflight(ExitCode.REFUSED, "needs root (dnsd binds as root and jails itself)");
        }
        return null;
    }

    private ExitCode bench(int rounds, int seconds, int clients, Path zoneFile, Path queryFile, PrintStream out, PrintStream err)
            throws IOException, ZoneException, InterruptedException {
        Path dir = Files.createTempDirectory("jail4j-dnsbench-");
        Path zone = zoneFile != null ? zoneFile : Files.writeString(dir.resolve("example.test.zone"), ZONE);
        Path queries = queryFile != null ? queryFile : Files.writeString(dir.resolve("queries.txt"), QUERIES);
        int threads = Dnsd.UDP_THREADS;
        int dnsdPort = NsdPeer.freePort();
        Path dnsdErr = dir.resolve("dnsd.err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(javaFlags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "dnsd", "--listen",
                "127.0.0.1:" + dnsdPort, "--zone", zone.toString()));
        Process dnsd = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectOutput(dir.resolve("dnsd.out").toFile())
                .redirectError(dnsdErr.toFile()).start();
        String jail = null;
        try (NsdPeer nsd = NsdPeer.start(Files.createDirectory(dir.resolve("nsd")), NsdPeer.freePort(), threads, List.of(zone))) {
            jail = awaitServing(dnsd, dnsdErr);
            out.printf(Locale.ROOT, "dnsd: %d UDP threads, jailed in %s; NSD: server-count %d, rrl off%n", threads, jail, threads);
            out.printf(Locale.ROOT, "dnsperf -c %d -l %d, %d rounds, order alternating; warm-up %d s each%n", clients, seconds,
                    rounds, 3);
            perf(dnsdPort, queries, clients, 3);
            perf(nsd.port(), queries, clients, 3);
            double[] dq = new double[rounds];
            double[] nq = new double[rounds];
            double[] dl = new double[rounds];
            double[] nl = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Run a;
                Run b;
                if (r % 2 == 0) {
                    a = perf(dnsdPort, queries, clients, seconds);
                    b = perf(nsd.port(), queries, clients, seconds);
                } else {
                    b = perf(nsd.port(), queries, clients, seconds);
                    a = perf(dnsdPort, queries, clients, seconds);
                }
                dq[r] = a.qps();
                nq[r] = b.qps();
                dl[r] = a.latencyMs();
                nl[r] = b.latencyMs();
                ratio[r] = a.qps() / b.qps();
                out.printf(Locale.ROOT, "round %d: dnsd %9.0f q/s %6.3f ms lost %d | NSD %9.0f q/s %6.3f ms lost %d | %.2fx%n",
                        r + 1, a.qps(), a.latencyMs(), a.lost(), b.qps(), b.latencyMs(), b.lost(), ratio[r]);
            }
            out.printf(Locale.ROOT, "dnsd: median %.0f q/s (range %.0f-%.0f), latency %.3f ms%n", median(dq), min(dq), max(dq),
                    median(dl));
            out.printf(Locale.ROOT, "NSD:  median %.0f q/s (range %.0f-%.0f), latency %.3f ms%n", median(nq), min(nq), max(nq),
                    median(nl));
            out.printf(Locale.ROOT, "ratio dnsd/NSD: %.2fx of the medians; per round median %.2fx (range %.2f-%.2f)%n",
                    median(dq) / median(nq), median(ratio), min(ratio), max(ratio));
            return ExitCode.OK;
        } finally {
            dnsd.destroy();
            if (!dnsd.waitFor(10, TimeUnit.SECONDS)) {
                dnsd.destroyForcibly();
            }
            if (jail != null) {
                delete(Path.of(jail));
            }
            delete(dir);
        }
    }

    private static String awaitServing(Process dnsd, Path stderr) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
                int in = line.indexOf(" in /");
                if (line.startsWith("jail4j dnsd: serving ") && in > 0) {
                    return line.substring(in + 4);
                }
            }
            if (!dnsd.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new IOException("dnsd did not start serving: " + Files.readString(stderr, StandardCharsets.UTF_8));
    }

    /** Runs dnsperf once against 127.0.0.1:port. */
    static Run perf(int port, Path queries, int clients, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dnsperf", "-s", "127.0.0.1", "-p", Integer.toString(port), "-d", queries.toString(),
                "-l", Integer.toString(seconds), "-c", Integer.toString(clients)).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dnsperf did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        Matcher q = QPS.matcher(text);
        Matcher l = LATENCY.matcher(text);
        Matcher lost = LOST.matcher(text);
        if (!q.find() || !l.find() || !lost.find()) {
            throw new IOException("cannot read dnsperf's output: " + text);
        }
        return new Run(Double.parseDouble(q.group(1)), Double.parseDouble(l.group(1)) * 1000, Long.parseLong(lost.group(1)));
    }

    /** The flags jnr-ffi needs on this JDK to run without warnings (as the launcher picks them). */
    private static List<String> javaFlags() {
        int major = Runtime.version().feature();
        List<String> flags = new ArrayList<>();
        if (major >= 22) {
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        if (major >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    private static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    /** Deletes a directory tree this run created; a leftover under the temp directory is harmless. */
    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
