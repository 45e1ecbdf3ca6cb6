package io.jail4j.testkit;

import io.jail4j.inspect.JailVerdict;
import io.jail4j.inspect.ProcessView;
import io.jail4j.layout.JailLayout;
import io.jail4j.layout.LayoutException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One jailed test, seen from the test JVM: make the jail, fork the child, check it from outside
 * after {@code enter()} and after the test, turn its outcome into what the test throws here, and
 * clean up (child killed by pid if still running, jail deleted) whatever happened.
 */
final class JailedRun {
    private final JailedConfig config;
    private final JailLayout layout;
    private final Path jdk;
    private final HostFacts.Ids ids;
    private final String uniqueId;
    private final List<String> packages;
    private final ExtensionContext context;

    private TestDeadline watchdog;
    private Closeable serverToClose;
    private Closeable channelToClose;

    JailedRun(JailedConfig config, JailLayout layout, Path jdk, HostFacts.Ids ids, String uniqueId, List<String> packages,
              ExtensionContext context) {
        this.config = config;
        this.layout = layout;
        this.jdk = jdk;
        this.ids = ids;
        this.uniqueId = uniqueId;
        this.packages = packages;
        this.context = context;
    }

    /** Runs the test in a fresh jail; returns normally if it passed, else throws what it ended with. */
    void run() throws Throwable {
        ChildPool.Slot slot = ChildPool.take(key(), context);
        ChildProcess child = slot.child;
        serverToClose = slot.server;
        FrameChannel wire = null;
        watchdog = new TestDeadline(child, config.timeoutSeconds, slot.server);
        Throwable outcome;
        try {
            Path jail = Files.createDirectory(slot.dir.resolve("jail")).toRealPath();
            apply(jail);
            slot.key.image().linkInto(jail);
            SocketChannel channel;
            try {
                channel = slot.server.accept();
            } catch (IOException e) {
                AssertionError died = died(child, "before it connected to the test JVM");
                throw died != null ? died : e;
            }
            channelToClose = channel;
            watchdog.alsoClose(channel);
            wire = new FrameChannel(channel);
            wire.send(FrameChannel.RUN, new Assignment(jail.toString(), config.user, uniqueId, packages,
                    config.resources, config.initialize, config.setUp == JailSetUp.None.class ? null : config.setUp.getName(),
                    config.listenAddress.getHostAddress(), config.listen, config.closeFds).write());
            outcome = session(wire, child, jail);
        } catch (IOException e) {
            outcome = watchdog.fired() ? null : new AssertionError("jailed test: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = e;
        } catch (RuntimeException | Error e) { // configuration errors among them; clean-up below runs for all
            outcome = e;
        } finally {
            watchdog.cancel();
        }
        if (watchdog.fired()) {
            outcome = watchdog.failure(config.where);
        }
        Throwable cleanup = cleanUp(child, wire, slot.dir);
        if (cleanup != null) {
            if (outcome == null) {
                outcome = cleanup;
            } else {
                outcome.addSuppressed(cleanup);
            }
        }
        publish("jailed.stdout", child.stdout());
        publish("jailed.stderr", child.stderr());
        if (outcome != null) {
            throw outcome;
        }
    }

    private void apply(Path jail) {
        try {
            layout.apply(jail, new Mknod());
        } catch (LayoutException | RuntimeException e) {
            throw config.error("layout = " + config.layout.getName() + ".class",
                    "applying the layout to " + jail + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the pool's key for this test's child: the image (the JVM, its options and the class
     * path) and whether the child starts the default preload at once.
     */
    private ChildPool.Key key() throws IOException {
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(jdk));
        jvm.addAll(ChildJvm.options(config.jvmArgs));
        jvm.addAll(config.jvmArgs);
        boolean sharing = context.getConfigurationParameter(ChildImage.SHARING).map(Boolean::parseBoolean).orElse(true);
        Path cache = context.getConfigurationParameter(ImageCache.CACHE).map(Path::of).orElseGet(ImageCache::defaultDir);
        List<Path> classPath;
        try {
            classPath = ChildJvm.classPathOf(context.getRequiredTestClass());
        } catch (IllegalStateException e) {
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException("@Jailed on " + config.where
                    + ": " + e.getMessage(), e);
        }
        return new ChildPool.Key(ChildImage.of(jvm, sharing, classPath, cache),
                config.defaultPreload ? JailedChild.DEFAULT_PRELOAD : JailedChild.NO_DEFAULT_PRELOAD);
    }

    /** Talks to the child from its first message to its result; returns what the test throws here, or null. */
    private Throwable session(FrameChannel wire, ChildProcess child, Path jail) throws IOException, InterruptedException {
        FrameChannel.Frame f = wire.receive();
        if (f == null) {
            return died(child, "before it reported entering the jail");
        }
        if (f.type() == FrameChannel.BROKEN) {
            return broken(f, child);
        }
        if (f.type() != FrameChannel.ENTERED) {
            return new AssertionError("jailed test: unexpected message '" + (char) f.type() + "' from the child");
        }
        long pid = f.in().number();
        if (pid != child.pid()) {
            return new AssertionError("jailed test: the child says it is pid " + pid + ", but it is " + child.pid());
        }
        List<String> entered = outside(child, jail);
        if (!entered.isEmpty()) {
            wire.send(FrameChannel.STOP);
            return violations("after enter(), before the test", child, jail, entered);
        }
        wire.send(FrameChannel.GO);
        ChildOutcome outcome = null;
        while (outcome == null) {
            f = wire.receive();
            if (f == null) {
                return died(child, "while the test ran");
            } else if (f.type() == FrameChannel.ENTRY) {
                entry(f.in());
            } else if (f.type() == FrameChannel.BROKEN) {
                return broken(f, child);
            } else if (f.type() == FrameChannel.RESULT) {
                outcome = ChildOutcome.read(f.in());
            } else {
                return new AssertionError("jailed test: unexpected message '" + (char) f.type() + "' from the child");
            }
        }
        watchdog.cancel();
        Throwable result = throwable(outcome);
        List<String> after = outside(child, jail);
        if (!after.isEmpty()) {
            AssertionError v = violations("after the test", child, jail, after);
            if (result != null) {
                v.addSuppressed(result);
            }
            return v;
        }
        return result;
    }

    private List<String> outside(ChildProcess child, Path jail) throws IOException {
        return JailVerdict.violations(ProcessView.of(child.pid()), jail, ids.uid(), ids.gid(), ids.groups());
    }

    private AssertionError violations(String when, ChildProcess child, Path jail, List<String> found) {
        StringBuilder s = new StringBuilder("jailed test: the child (pid ").append(child.pid())
                .append(") is not properly jailed in ").append(jail).append(" as ").append(config.user).append(' ')
                .append(when).append(", seen from outside:");
        for (String v : found) {
            s.append("\n  - ").append(v);
        }
        return new AssertionError(s.toString());
    }

    private static Throwable throwable(ChildOutcome o) {
        switch (o.status) {
            case SUCCESSFUL:
                return null;
            case SKIPPED:
                return new org.opentest4j.TestAbortedException("skipped inside the jail: " + o.reason);
            case ABORTED:
                if (o.throwable instanceof org.opentest4j.TestAbortedException) {
                    return o.throwable;
                }
                return new org.opentest4j.TestAbortedException("aborted inside the jail", o.throwable);
            default:
                return o.throwable != null ? o.throwable : new AssertionError("jailed test failed without a throwable");
        }
    }

    private void entry(FrameFields.In in) throws IOException {
        int n = in.count(1024);
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            pairs.put(in.string(), in.string());
        }
        context.publishReportEntry(pairs);
    }

    private Throwable broken(FrameChannel.Frame f, ChildProcess child) throws IOException {
        FrameFields.In in = f.in();
        String stage = in.string();
        Throwable cause = ThrowableCodec.read(in);
        return new AssertionError("jailed test: the child (pid " + child.pid() + ") failed " + stage + ": " + cause,
                cause);
    }

    private AssertionError died(ChildProcess child, String when) throws InterruptedException {
        if (watchdog.fired() || !child.awaitExit(5_000)) {
            return null; // the timeout reports it
        }
        child.drain(1_000);
        return ChildDeath.failure(child, when);
    }

    private Throwable cleanUp(ChildProcess child, FrameChannel wire, Path dir) {
        Throwable problem = null;
        try {
            if (child != null) {
                boolean asked = false;
                if (child.alive() && wire != null) {
                    try {
                        wire.send(FrameChannel.BYE);
                        asked = true;
                    } catch (IOException e) {
                        // gone already
                    }
                }
                if (!(asked && child.awaitExit(5_000)) && !child.kill()) {
                    problem = new AssertionError("jailed test: the child (pid " + child.pid() + ") survived SIGKILL");
                }
                child.drain(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                child.kill();
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
        close(channelToClose);
        close(serverToClose);
        try {
            TempTree.delete(dir);
        } catch (IOException e) {
            AssertionError a = new AssertionError("jailed test: cannot delete the jail directory " + dir + ": " + e, e);
            if (problem != null) {
                a.addSuppressed(problem);
            }
            problem = a;
        }
        return problem;
    }

    private void publish(String key, String text) {
        if (!text.isBlank()) {
            context.publishReportEntry(key, text);
        }
    }

    private static void close(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing only to unblock or release
            }
        }
    }
}
