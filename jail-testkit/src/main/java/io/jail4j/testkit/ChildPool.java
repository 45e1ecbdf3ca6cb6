package io.jail4j.testkit;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts child JVMs, and from a run's second jailed test on keeps one started ahead for the next:
 * while a test runs, the next child boots, loads jail4j's native binding and default preload and
 * warms up the JUnit Launcher, all before it knows which test it will run. A child runs one test only; a started one
 * never ran any, so isolation is that of a fresh JVM. The child waiting at the end of the run is
 * killed when the JUnit run's root context closes, or by the JVM's shutdown hook.
 */
final class ChildPool {
    /** Turns starting ahead off: {@code -Djail4j.testkit.prestart=false} or in {@code junit-platform.properties}. */
    static final String PRESTART = "jail4j.testkit.prestart";

    /** A started child with its own root-only directory (for the control socket and later the jail). */
    static final class Slot {
        final Key key;
        final Path dir;
        final ServerSocketChannel server;
        final ChildProcess child;

        private Slot(Key key, Path dir, ServerSocketChannel server, ChildProcess child) {
            this.key = key;
            this.dir = dir;
            this.server = server;
            this.child = child;
        }
    }

    /** What makes two children interchangeable: the image they start from and the child's preload mode. */
    record Key(ChildImage image, String preload) {
    }

    private static Slot ahead;

    private ChildPool() {
    }

    /**
     * Returns a started child for {@code key}, the one started ahead if it matches and still runs,
     * and starts the next one ahead if asked to. The first call for an image also starts making
     * its class-data sharing archive.
     */
    static Slot take(Key key, ExtensionContext context) throws IOException {
        Closer run = context.getRoot().getStore(ExtensionContext.Namespace.create(ChildPool.class))
                .getOrComputeIfAbsent(Closer.class, k -> new Closer(), Closer.class);
        boolean prestart = context.getConfigurationParameter(PRESTART).map(Boolean::parseBoolean).orElse(true)
                && run.takes.incrementAndGet() > 1; // a run with one jailed test would only pay for a spare child
        key.image().train();
        Slot slot;
        synchronized (ChildPool.class) {
            slot = ahead;
            ahead = null;
        }
        if (slot != null && (!slot.key.equals(key) || !slot.child.alive())) {
            discard(slot);
            slot = null;
        }
        if (slot == null) {
            slot = start(key, false);
        } else {
            normalPriority(slot.child);
        }
        if (prestart) {
            Slot next;
            try {
                next = start(key, true);
            } catch (IOException | RuntimeException e) {
                return slot; // starting ahead only saves time; this test has its child
            }
            Slot old;
            synchronized (ChildPool.class) {
                old = ahead;
                ahead = next;
            }
            if (old != null) {
                discard(old);
            }
        }
        return slot;
    }

    /**
     * Starts a child; one started ahead runs at the lowest CPU priority (nice 19), so that it uses
     * only CPU time the running test leaves idle, and warms up the Launcher on a no-op test.
     */
    private static Slot start(Key key, boolean ahead) throws IOException {
        Path dir = Files.createTempDirectory("jail4j-jailed-");
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            Path socket = dir.resolve("control");
            server.bind(UnixDomainSocketAddress.of(socket));
            List<String> cmd = new ArrayList<>();
            if (ahead) {
                cmd.addAll(List.of("nice", "-n", "19"));
            }
            cmd.addAll(key.image().command(JailedChild.class.getName(),
                    List.of(key.preload(), socket.toString(), ahead ? "warm-up" : "now")));
            ChildProcess child = ChildProcess.start(cmd, dir);
            ServerSocketChannel s = server;
            child.process().onExit().thenRun(() -> close(s)); // unblocks accept() if the child never connects
            return new Slot(key, dir, server, child);
        } catch (IOException | RuntimeException e) {
            close(server);
            TempTree.delete(dir);
            throw e;
        }
    }

    /**
     * Gives every thread of a child started ahead normal priority again ({@code renice} by thread:
     * on Linux a process's nice value is per thread). Best effort: a child left at nice 19 only
     * runs slower.
     */
    private static void normalPriority(ChildProcess child) {
        List<String> cmd = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(child.pid()), "task"))) {
            tasks.forEach(t -> cmd.add(t.getFileName().toString()));
            HostFacts.run(cmd.toArray(new String[0]));
        } catch (IOException e) {
            // exited meanwhile (the test will say so) or renice failed
        }
    }

    /** Kills a child that will not be used and deletes its directory. */
    static void discard(Slot slot) {
        try {
            slot.child.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(slot.server);
        try {
            TempTree.delete(slot.dir);
        } catch (IOException e) {
            // a child that never ran a test made nothing in it; the next run's temp clean-up takes it
        }
    }

    private static void close(ServerSocketChannel server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // only releasing it
            }
        }
    }

    /** Discards the child started ahead when the JUnit run that started it ends. */
    private static final class Closer implements AutoCloseable {
        final AtomicInteger takes = new AtomicInteger();

        @Override
        public void close() {
            Slot slot;
            synchronized (ChildPool.class) {
                slot = ahead;
                ahead = null;
            }
            if (slot != null) {
                discard(slot);
            }
        }
    }
}
