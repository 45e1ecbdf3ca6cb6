package io.jail4j.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ways out of a jail a Java test can try without native code. Each probe that succeeds adds a
 * line; inside a jail the list must stay empty, outside it must not (the control run).
 */
final class EscapeProbes {
    private EscapeProbes() {
    }

    static List<String> tryAll() {
        List<String> escaped = new ArrayList<>();
        Path release = Path.of(System.getProperty("java.home"), "release");
        if (Files.exists(release)) {
            escaped.add("absolute-read: the host's " + release + " is visible");
        }
        Path relative = Path.of("../../../../../../../.." + release);
        if (Files.exists(relative)) {
            escaped.add("relative-read: " + relative + " is visible");
        }
        try {
            Path classes = Path.of(EscapeProbes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(classes)) {
                escaped.add("class-path: the host directory " + classes + " is visible");
            } else if (Files.isWritable(classes) || classes.toFile().setWritable(true)) {
                escaped.add("class-path: the class-path jar " + classes + " is writable");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // a jar or no location: nothing to probe
        }
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            escaped.add("proc: /proc/self/status is readable");
        }
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "true").start();
            p.waitFor();
            escaped.add("exec: /bin/sh started");
        } catch (IOException e) {
            // blocked
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1021));
            escaped.add("privileged-bind: bound port 1021");
        } catch (IOException e) {
            // blocked (or taken)
        }
        try {
            Path mine = Files.createTempFile("probe", ".tmp");
            try {
                Files.setAttribute(mine, "unix:uid", 0);
                escaped.add("chown: gave a file to uid 0");
            } finally {
                Files.deleteIfExists(mine);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // blocked
        }
        return escaped;
    }
}
