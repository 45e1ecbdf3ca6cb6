package io.jail4j.examples.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A real NSD serving the same zones on a loopback port, from a directory of its own (config, pid,
 * log, zone list, copies of the zones), never the system's: for comparisons and benchmarks. Rate
 * limiting is off ({@code rrl-ratelimit: 0}); identity and version are hidden, as dnsd hides them;
 * zone transfers are allowed to 127.0.0.2 only. Requires the {@code nsd} binary; run as root it
 * stays root (no {@code username}), on loopback only.
 */
public final class NsdPeer implements AutoCloseable {
    /** The client address the peer allows zone transfers to. */
    static final String TRANSFER_CLIENT = "127.0.0.2";

    private final Path dir;
    private final int port;
    private Process starter;

    private NsdPeer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Returns a loopback port free for both UDP and TCP right now.
     *
     * @return a port on 127.0.0.1 that was free for UDP and TCP when checked
     * @throws IOException if no such port was found in 50 tries
     */
    public static int freePort() throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 50; i++) {
            int port;
            try (DatagramSocket s = new DatagramSocket(0, lo)) {
                port = s.getLocalPort();
            }
            try (java.net.ServerSocket t = new java.net.ServerSocket(port, 1, lo)) {
                return t.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP");
    }

    /** Returns whether an {@code nsd} binary is installed. */
    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/nsd"));
    }

    /**
     * Starts NSD on {@code 127.0.0.1:port} with {@code servers} server processes, serving the zone
     * files (their origins are read from their SOA records); waits until it answers.
     *
     * @param dir an empty directory of its own for NSD's config, pid, log and zone copies
     * @param port the loopback port to serve on, UDP and TCP
     * @param servers how many server processes NSD runs
     * @param zones the zone files to serve
     * @return the running peer; close it to stop NSD
     * @throws IOException if NSD cannot be configured or started, or does not answer within 20 s
     * @throws ZoneException if a zone file cannot be read for its origin
     */
    public static NsdPeer start(Path dir, int port, int servers, List<Path> zones) throws IOException, ZoneException {
        StringBuilder conf = new StringBuilder();
        conf.append("server:\n")
                .append("    ip-address: 127.0.0.1@").append(port).append('\n')
                .append("    port: ").append(port).append('\n')
                .append("    username: \"\"\n    chroot: \"\"\n")
                .append("    zonesdir: \"").append(dir).append("\"\n")
                .append("    database: \"\"\n")
                .append("    zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
                .append("    xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
                .append("    xfrdir: \"").append(dir).append("\"\n")
                .append("    pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
                .append("    logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
                .append("    server-count: ").append(servers).append('\n')
                .append("    verbosity: 1\n    rrl-ratelimit: 0\n    hide-identity: yes\n    hide-version: yes\n")
                .append("remote-control:\n    control-enable: no\n");
        for (Path zone : zones) {
            Path copy = dir.resolve(zone.getFileName());
            ZoneRoot source = new ZoneRoot(zone.getParent(), false);
            MasterReader reader = MasterReader.read(source, "/" + zone.getFileName());
            for (String file : reader.files()) {
                Path to = dir.resolve(file.substring(1));
                Files.createDirectories(to.getParent());
                Files.copy(source.host(file), to, StandardCopyOption.REPLACE_EXISTING);
            }
            Zone z = ZoneLoader.build(zone.toString(), reader.entries());
            conf.append("zone:\n    name: \"").append(z.apex).append("\"\n    zonefile: \"").append(copy)
                    .append("\"\n    provide-xfr: ").append(TRANSFER_CLIENT).append(" NOKEY\n");
        }
        Path config = dir.resolve("nsd.conf");
        Files.writeString(config, conf.toString(), StandardCharsets.UTF_8);
        NsdPeer peer = new NsdPeer(dir, port);
        peer.starter = new ProcessBuilder("/usr/sbin/nsd", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nsd.start.log").toFile()).start();
        peer.awaitAnswer();
        return peer;
    }

    private void awaitAnswer() throws IOException {
        byte[] query = Message.newQuery(Record.newRecord(Name.root, Type.SOA, 1)).toWire();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            s.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                s.send(new DatagramPacket(query, query.length, InetAddress.getByName("127.0.0.1"), port));
                try {
                    s.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException e) {
                    // not up yet
                }
            }
        }
        throw new IOException("nsd did not answer on 127.0.0.1:" + port + " within 20 s; its log: " + log());
    }

    /**
     * Returns the port NSD serves on.
     *
     * @return the loopback port given to {@link #start(Path, int, int, List)}
     */
    public int port() {
        return port;
    }

    /** Returns NSD's log so far, for failure messages. */
    String log() {
        try {
            String start = Files.exists(dir.resolve("nsd.start.log")) ? Files.readString(dir.resolve("nsd.start.log")) : "";
            String log = Files.exists(dir.resolve("nsd.log")) ? Files.readString(dir.resolve("nsd.log")) : "";
            return start + log;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops NSD: SIGTERM to the pid in its own pid file, then waits for the process to go. */
    @Override
    public void close() {
        try {
            Path pidFile = dir.resolve("nsd.pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            // nothing more can be done from here
        }
        if (starter != null) {
            starter.destroy();
        }
    }
}
