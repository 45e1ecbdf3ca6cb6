package io.jail4j.examples.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real vsftpd on 127.0.0.1, anonymous and read-only as the bench's {@code vsftpd.conf}, from a
 * config and directories under a temp dir (the system's configuration is never touched); killed
 * on close. Needs root and the {@code ftp} user that Debian's vsftpd package creates.
 */
final class Vsftpd implements AutoCloseable {
    final InetSocketAddress address;
    private final Process process;

    private Vsftpd(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /** Starts vsftpd serving {@code root}; {@code work} holds its config, empty dir and log. */
    static Vsftpd start(String binary, Path root, Path work) throws IOException, InterruptedException {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("r-xr-xr-x"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        Path conf = work.resolve("vsftpd.conf");
        Files.write(conf, List.of("listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port,
                "background=NO", "anonymous_enable=YES", "local_enable=NO", "write_enable=NO", "anon_upload_enable=NO",
                "anon_mkdir_write_enable=NO", "anon_other_write_enable=NO", "anon_root=" + root, "no_anon_password=NO",
                "ftp_username=ftp", "pasv_enable=YES", "pasv_address=127.0.0.1", "port_enable=YES",
                "connect_from_port_20=NO", "secure_chroot_dir=" + empty, "xferlog_enable=NO",
                "vsftpd_log_file=" + work.resolve("vsftpd.log"), "syslog_enable=NO", "use_localtime=NO",
                "max_clients=50", "pam_service_name=vsftpd"));
        Process p = new ProcessBuilder(binary, conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("vsftpd.out").toFile()).start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        Vsftpd v = new Vsftpd(p, address);
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
                return v;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        v.close();
        throw new IOException("vsftpd did not start: " + Files.readString(work.resolve("vsftpd.out")));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
