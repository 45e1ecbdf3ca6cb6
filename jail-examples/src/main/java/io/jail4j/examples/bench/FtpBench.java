package io.jail4j.examples.bench;

import io.jail4j.examples.ExitCode;
import io.jail4j.examples.Main;
import io.jail4j.examples.ftp.Ftpd;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compares the jailed daemon (a child JVM running {@link Ftpd}) with vsftpd, both on loopback
 * serving the same tree, in one run, round by round with the order alternating:
 * <ol>
 * <li>one big file (default 1 GiB) downloaded with curl to {@code /dev/null}: MB/s as curl
 * measured it;</li>
 * <li>many small files (default 32 curl clients at once, each fetching its own 64 files of 4 KiB
 * over one control connection, active-mode data connections unless {@code --mode passive}): files/s
 * and MB/s over the wall time of the whole round.</li>
 * </ol>
 * Prints every round, the median and spread (min-max) of both servers and the median of the
 * per-round ratios. Needs root, curl and vsftpd. One warm round of each kind is not counted.
 */
public final class FtpBench {
    private FtpBench() {
    }

    /**
     * Runs the benchmark (as root, with curl and vsftpd).
     *
     * @param runs rounds of each kind, at least 1
     * @param mib size of the big file in MiB
     * @param clients concurrent curl clients for the small files, at most
     *        {@link Ftpd#MAX_SESSIONS_PER_ADDRESS}
     * @param files small files per client
     * @param fileKib size of each small file in KiB
     * @param active active data connections (curl -P) for the small files, else passive
     * @param out receives the results
     * @param err receives the error that stopped the run
     * @return {@link ExitCode#OK} after a complete run, {@link ExitCode#IO_ERROR} if a server or
     *         curl fails or the run is interrupted
     */
    public static ExitCode run(int runs, int mib, int clients, int files, int fileKib, boolean active, PrintStream out,
                               PrintStream err) {
        Path dir = null;
        Process ours = null;
        Process vsftpd = null;
        try {
            dir = Files.createTempDirectory("jail4j-ftp-bench-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path tree = Files.createDirectory(dir.resolve("tree"));
            Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
            FtpBenchTree.writeFile(tree.resolve("big.bin"), (long) mib << 20);
            FtpBenchTree.writeSmallFiles(tree.resolve("small"), clients, files, fileKib << 10);
            int ourPort = freePort();
            int theirPort = freePort();
            ours = startOurs(tree, ourPort, dir.resolve("ftpd.log"));
            vsftpd = startVsftpd(tree, theirPort, dir);
            awaitPort(ourPort, ours, 60);
            awaitPort(theirPort, vsftpd, 10);
            Thread.sleep(2000); // let the daemon finish its entry before the first round
            curl(ourPort); // one warm round of each kind, not counted
            curl(theirPort);
            small(ourPort, clients, files, active);
            small(theirPort, clients, files, active);

            double[] a = new double[runs];
            double[] b = new double[runs];
            double[] ratio = new double[runs];
            out.printf("%d MiB download, curl to /dev/null, %d rounds interleaved%n", mib, runs);
            out.println("round  jail4j ftpd MB/s  vsftpd MB/s  ratio");
            for (int r = 0; r < runs; r++) {
                if (r % 2 == 0) {
                    a[r] = curl(ourPort);
                    b[r] = curl(theirPort);
                } else {
                    b[r] = curl(theirPort);
                    a[r] = curl(ourPort);
                }
                ratio[r] = a[r] / b[r];
                out.printf("%5d  %16.0f  %11.0f  %5.2f%n", r + 1, a[r], b[r], ratio[r]);
            }
            out.flush();

            double[] c = new double[runs];
            double[] d = new double[runs];
            double[] smallRatio = new double[runs];
            double mbPerFile = (fileKib << 10) / 1e6;
            out.printf("%d clients x %d files of %d KiB at once, %s data connections, %d rounds interleaved%n", clients,
                    files, fileKib, active ? "active" : "passive", runs);
            out.println("round  jail4j ftpd files/s  vsftpd files/s  ratio");
            for (int r = 0; r < runs; r++) {
                if (r % 2 == 0) {
                    c[r] = small(ourPort, clients, files, active);
                    d[r] = small(theirPort, clients, files, active);
                } else {
                    d[r] = small(theirPort, clients, files, active);
                    c[r] = small(ourPort, clients, files, active);
                }
                smallRatio[r] = c[r] / d[r];
                out.printf("%5d  %19.0f  %14.0f  %5.2f%n", r + 1, c[r], d[r], smallRatio[r]);
            }

            out.printf("big file, %d MiB, %d rounds:%n", mib, runs);
            out.printf("  jail4j ftpd (jailed, sendfile): median %.0f MB/s (min-max %.0f-%.0f)%n", q(a, 0.5), q(a, 0), q(a, 1));
            out.printf("  vsftpd:                         median %.0f MB/s (min-max %.0f-%.0f)%n", q(b, 0.5), q(b, 0), q(b, 1));
            out.printf("  ratio jail4j/vsftpd per round:  median %.2fx (min-max %.2f-%.2f)%n",
                    q(ratio, 0.5), q(ratio, 0), q(ratio, 1));
            out.printf("small files, %d clients x %d files of %d KiB, %d rounds:%n", clients, files, fileKib, runs);
            out.printf("  jail4j ftpd: median %.0f files/s, %.1f MB/s (min-max %.0f-%.0f files/s)%n",
                    q(c, 0.5), q(c, 0.5) * mbPerFile, q(c, 0), q(c, 1));
            out.printf("  vsftpd:      median %.0f files/s, %.1f MB/s (min-max %.0f-%.0f files/s)%n",
                    q(d, 0.5), q(d, 0.5) * mbPerFile, q(d, 0), q(d, 1));
            out.printf("  ratio jail4j/vsftpd per round: median %.2fx (min-max %.2f-%.2f)%n",
                    q(smallRatio, 0.5), q(smallRatio, 0), q(smallRatio, 1));
            return ExitCode.OK;
        } catch (IOException e) {
            err.println("jail4j ftp-bench: " + e.getMessage());
            return ExitCode.IO_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.IO_ERROR;
        } finally {
            stop(ours);
            stop(vsftpd);
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static Process startOurs(Path tree, int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int major = Runtime.version().feature();
        if (major >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (major >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "ftpd", "--listen",
                "127.0.0.1:" + port, "--root", tree.toString(), "--user", "nobody"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("LANG", "C.UTF-8");
        return pb.start();
    }

    private static Process startVsftpd(Path tree, int port, Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path conf = dir.resolve("vsftpd.conf");
        Files.write(conf, List.of("listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "anonymous_enable=YES", "local_enable=NO", "write_enable=NO", "anon_root=" + tree,
                "no_anon_password=NO", "ftp_username=ftp", "pasv_enable=YES", "pasv_address=127.0.0.1",
                "connect_from_port_20=NO", "secure_chroot_dir=" + empty, "xferlog_enable=NO", "syslog_enable=NO",
                "vsftpd_log_file=" + dir.resolve("vsftpd.log"), "max_clients=50", "pam_service_name=vsftpd"));
        return new ProcessBuilder("vsftpd", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("vsftpd.out").toFile()).start();
    }

    /** Downloads the file once; returns MB/s (10^6 bytes) as curl measured it. */
    private static double curl(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "120", "-o", "/dev/null", "-w", "%{speed_download}",
                "ftp://127.0.0.1:" + port + "/big.bin").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String speed = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!p.waitFor(150, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("curl from port " + port + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
        }
        return Double.parseDouble(speed.replace(',', '.')) / 1e6;
    }

    /**
     * Starts {@code clients} curl processes at once, each fetching its own {@code files} files over
     * one control connection; returns files/s over the wall time of the whole round.
     */
    private static double small(int port, int clients, int files, boolean active)
            throws IOException, InterruptedException {
        Thread.sleep(300); // the previous round's sessions are gone before the next one counts
        List<List<String>> commands = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "120", "-w", "%{response_code}\\n"));
            if (active) {
                cmd.addAll(List.of("-P", "127.0.0.1"));
            }
            for (int f = 0; f < files; f++) {
                cmd.add("-o");
                cmd.add("/dev/null");
                cmd.add("ftp://127.0.0.1:" + port + "/small/" + FtpBenchTree.smallName(c, f));
            }
            commands.add(cmd);
        }
        List<Process> running = new ArrayList<>();
        long start = System.nanoTime();
        for (List<String> cmd : commands) {
            running.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        int done = 0;
        for (Process p : running) {
            String codes = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(150, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("curl (small files) from port " + port + " failed (exit "
                        + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
            }
            done += (int) codes.lines().filter("226"::equals).count();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (done != clients * files) {
            throw new IOException("only " + done + " of " + clients * files + " small files came from port " + port
                    + " with 226");
        }
        return done / seconds;
    }

    private static void awaitPort(int port, Process p, int seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                new Socket(InetAddress.getByName("127.0.0.1"), port).close();
                return;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IOException("a server exited with status " + p.exitValue() + " before listening on " + port);
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing listens on " + port + " after " + seconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Returns the q-quantile by linear interpolation. */
    static double q(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    private static void stop(Process p) {
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
