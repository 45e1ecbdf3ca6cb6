package io.jail4j.examples.ftp;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures downloads of one 100 MiB file with curl to {@code /dev/null} from the jailed daemon (a
 * child JVM running {@link Ftpd}) and from vsftpd, both on loopback serving the same tree,
 * interleaved round by round (the order alternates); prints MB/s of each round, the median and
 * interquartile range of both and the median of the per-round ratios. Needs root, curl and
 * vsftpd. Arguments: {@code [--runs N] [--mib N]}.
 */
public final class FtpBench {
    private FtpBench() {
    }

    /** Runs the benchmark; returns 0, 2 on a usage error, 3 if a server or curl fails. */
    public static int main(List<String> args, PrintStream out, PrintStream err) {
        int runs = 9;
        int mib = 100;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--runs") || a.equals("--mib")) && i + 1 < args.size() && args.get(i + 1).matches("[1-9][0-9]{0,4}")) {
                int v = Integer.parseInt(args.get(++i));
                if (a.equals("--runs")) {
                    runs = v;
                } else {
                    mib = v;
                }
            } else {
                err.println("usage: jail4j ftp-bench [--runs N] [--mib N]");
                return 2;
            }
        }
        Path dir = null;
        Process ours = null;
        Process vsftpd = null;
        try {
            dir = Files.createTempDirectory("jail4j-ftp-bench-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path tree = Files.createDirectory(dir.resolve("tree"));
            Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
            writeFile(tree.resolve("big.bin"), (long) mib << 20);
            int ourPort = freePort();
            int theirPort = freePort();
            ours = startOurs(tree, ourPort, dir.resolve("ftpd.log"));
            vsftpd = startVsftpd(tree, theirPort, dir);
            awaitPort(ourPort, ours, 60);
            awaitPort(theirPort, vsftpd, 10);
            Thread.sleep(2000); // let the daemon finish its entry before the first round
            curl(ourPort); // one warm download each, not counted
            curl(theirPort);
            double[] a = new double[runs];
            double[] b = new double[runs];
            double[] ratio = new double[runs];
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
            out.printf("jail4j ftpd (jailed, sendfile): median %.0f MB/s (IQR %.0f-%.0f)%n", q(a, 0.5), q(a, 0.25), q(a, 0.75));
            out.printf("vsftpd:                         median %.0f MB/s (IQR %.0f-%.0f)%n", q(b, 0.5), q(b, 0.25), q(b, 0.75));
            out.printf("ratio jail4j/vsftpd per round:  median %.2fx (IQR %.2f-%.2f), %d MiB file, %d rounds%n",
                    q(ratio, 0.5), q(ratio, 0.25), q(ratio, 0.75), mib, runs);
            return 0;
        } catch (IOException e) {
            err.println("jail4j ftp-bench: " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
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
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Ftpd.class.getName(), "--listen",
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

    private static void writeFile(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                o.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
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

    /** Runs with the process's streams. */
    public static void main(String[] args) {
        System.exit(main(Arrays.asList(args), System.out, System.err));
    }
}
