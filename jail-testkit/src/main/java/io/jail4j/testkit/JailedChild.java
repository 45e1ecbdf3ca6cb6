package io.jail4j.testkit;

import io.jail4j.Credentials;
import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import io.jail4j.Preload;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The jailed JVM of one {@link Jailed} test. Arguments: {@code default-preload} or
 * {@code no-default-preload}, then either the control socket and {@code warm-up} (started ahead of
 * its test) or {@code now}, or {@code train} and a directory that does not exist. Before it knows
 * its test, as root: start jail4j's native load and default preload on a thread of their own
 * ({@code Jail.prepare()}; only the native load without the default preload), connect to the test
 * JVM's control socket, open a Launcher session and, if started ahead, warm it up on a no-op test
 * of its own and open every class-path jar. Then, on {@code RUN}: bind the requested ports,
 * discover the one test, run the test's {@link JailSetUp} if it names one, enter the jail (loading the classes of the {@code preload} packages,
 * reading the {@code resources} and opening every class-path jar first), report
 * {@code ENTERED}, wait for {@code GO}, run the test, report its outcome, wait for {@code BYE} and
 * exit. The end of the control stream at any time (the test JVM died or gave up on
 * this child) halts this JVM at once.
 *
 * <p>{@code train} is the training run of {@link ChildImage}: the same start, the warm-up test
 * run through a {@link ChildListener}, and {@code enter()} into the directory that does not
 * exist, which fails before the point of no return; then a normal exit, at which the JVM writes its
 * class-data sharing archive. It connects to nothing and runs no test of the user's.
 *
 * <p>Launcher listeners registered through {@code ServiceLoader} are not loaded here: they would
 * run inside the jail.
 */
final class JailedChild {
    static final String DEFAULT_PRELOAD = "default-preload";
    static final String NO_DEFAULT_PRELOAD = "no-default-preload";
    static final String TRAIN = "train";
    private static final int PARENT_GONE = 4;
    private static boolean jarsOpen;

    private JailedChild() {
    }

    /** The warm-up test: discovering and running it loads most of the Launcher and the Jupiter engine. */
    static final class EngineRehearsal {
        @Test
        void noOp() {
            // nothing: only the machinery around it matters
        }
    }

    public static void main(String[] args) throws Exception {
        boolean defaultPreload = args[0].equals(DEFAULT_PRELOAD);
        if (defaultPreload) {
            Jail.prepare();
        } else {
            loadNativeBinding();
        }
        if (args[1].equals(TRAIN)) {
            train(Path.of(args[2]), launcher());
            System.exit(0); // the archive is written at this exit
        }
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(Path.of(args[1])));
        FrameChannel wire = new FrameChannel(channel);
        BlockingQueue<FrameChannel.Frame> commands = readCommands(wire);
        Launcher launcher = launcher();
        if (args[2].equals("warm-up")) { // started ahead of its test: time to spare
            launcher.execute(launcher.discover(request(DiscoverySelectors.selectClass(EngineRehearsal.class), "junit-jupiter")),
                    new TestExecutionListener() { });
            openClassPathJars(); // the same for every test: enter()'s preload then finds it done
        }

        FrameChannel.Frame run = commands.take();
        if (run.type() != FrameChannel.RUN) {
            System.exit(0);
        }
        Assignment a = Assignment.read(run.in());
        UniqueId target = UniqueId.parse(a.uniqueId);
        Path jail = Path.of(a.jail);
        String stage = "binding the listen ports";
        try {
            InetAddress address = InetAddress.getByName(a.listenAddress);
            List<ServerSocketChannel> bound = new ArrayList<>();
            for (int port : a.ports) {
                stage = "binding port " + port + " on " + address.getHostAddress();
                ServerSocketChannel s = ServerSocketChannel.open();
                s.bind(new InetSocketAddress(address, port));
                bound.add(s);
            }
            stage = "discovering " + target;
            TestPlan plan = launcher.discover(request(DiscoverySelectors.selectUniqueId(target),
                    target.getEngineId().orElse("junit-jupiter")));
            if (a.setUp != null) {
                stage = "running the set-up " + a.setUp + ".beforeJail (as root, before enter())";
                setUp(a.setUp, jail);
            }
            stage = "entering the jail " + jail;
            EntryReport report = plan(jail, a.user, a.packages, a.resources, a.initialize, a.closeFds, defaultPreload)
                    .keep(Path.of(args[1]), "the testkit's control channel to the test JVM").enter();
            ChildContext.set(new ChildContext(report, jail, new ListeningSockets(a.ports, bound)));
            stage = "running the test";
            wire.send(FrameChannel.ENTERED, new FrameFields.Out().number(ProcessHandle.current().pid()));
            if (commands.take().type() != FrameChannel.GO) {
                System.exit(0);
            }
            ChildListener listener = new ChildListener(target, wire);
            launcher.execute(plan, listener);
            ChildOutcome outcome = listener.outcome();
            System.out.flush();
            System.err.flush();
            wire.send(FrameChannel.RESULT, outcome.write());
        } catch (Throwable t) {
            FrameFields.Out out = new FrameFields.Out().string(stage);
            ThrowableCodec.write(out, t);
            System.out.flush();
            System.err.flush();
            wire.send(FrameChannel.BROKEN, out);
        }
        commands.take(); // BYE
        System.exit(0);
    }

    /** Returns one launcher for all requests: engines are loaded now, not in the jail. */
    private static Launcher launcher() {
        return LauncherFactory.openSession(LauncherConfig.builder()
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .build()).getLauncher();
    }

    /** Returns the plan of a child's {@code enter()}. */
    private static Jail plan(Path jail, String user, List<String> packages, List<String> resources,
                             List<String> initialize, boolean closeFds, boolean defaultPreload) {
        Jail plan = Jail.at(jail);
        if (!packages.isEmpty()) {
            plan = plan.preload(Preload.packages(packages.toArray(new String[0])));
        }
        if (!resources.isEmpty()) {
            plan = plan.preload(Preload.resources(resources.toArray(new String[0])));
        }
        if (!initialize.isEmpty()) {
            plan = plan.preload(Preload.initialize(initialize.toArray(new String[0])));
        }
        plan = plan.preload(Preload.named("open every class-path jar", JailedChild::openClassPathJars));
        HostFacts.Ids numeric = HostFacts.numeric(user);
        plan = numeric != null ? plan.dropTo(numeric.uid(), numeric.gid()) : plan.dropTo(user);
        if (closeFds) {
            plan = plan.closeFds();
        }
        return defaultPreload ? plan : plan.withoutDefaultPreload();
    }

    /**
     * Opens every class-path jar in the class loader (a lookup that finds nothing walks all of
     * them), so that classes of any jar load after the chroot, as after jail4j's default preload
     * in a daemon (its service lookups walk every jar too). Resources are left as they are in
     * production: see {@link Jailed#resources()}. Once per JVM.
     */
    private static synchronized void openClassPathJars() {
        if (jarsOpen) {
            return;
        }
        ClassLoader.getSystemClassLoader().getResource("io/jail4j/testkit/.no-such-resource");
        jarsOpen = true;
    }

    /**
     * The training run: what a child does before its test, on the testkit's no-op test, and
     * {@code enter()} into {@code absent}, which must fail before the point of no return.
     */
    private static void train(Path absent, Launcher launcher) throws IOException {
        if (Files.exists(absent, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("training: " + absent + " exists; it must not");
        }
        UniqueId target = UniqueId.forEngine("junit-jupiter").append("class", EngineRehearsal.class.getName())
                .append("method", "noOp()");
        ChildListener listener = new ChildListener(target, null);
        launcher.execute(launcher.discover(request(DiscoverySelectors.selectUniqueId(target), "junit-jupiter")), listener);
        ChildOutcome outcome = listener.outcome();
        if (outcome.status != ChildOutcome.Status.SUCCESSFUL) {
            throw new IllegalStateException("training: the warm-up test ended " + outcome.status, outcome.throwable);
        }
        outcome.write();
        try {
            plan(absent, "65534:65534", List.of(), List.of(), List.of(), true, true).enter();
            throw new IllegalStateException("training: enter() into " + absent + " succeeded");
        } catch (JailException expected) {
            ThrowableCodec.write(new FrameFields.Out().string("entering"), expected);
        }
    }

    /** Creates the test's {@link JailSetUp} and runs it; what it throws fails the test before the jail. */
    private static void setUp(String className, Path jail) throws Exception {
        Class<?> type = Class.forName(className, true, JailedChild.class.getClassLoader());
        java.lang.reflect.Constructor<?> make = type.getDeclaredConstructor();
        make.setAccessible(true);
        JailSetUp setUp;
        try {
            setUp = (JailSetUp) make.newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
        setUp.beforeJail(jail);
    }

    /** Loads jail4j's native binding on a thread of its own (what {@code Jail.prepare()} does first). */
    private static void loadNativeBinding() {
        Thread t = new Thread(() -> {
            try {
                Credentials.current();
            } catch (JailException | RuntimeException e) {
                // enter() loads it again and reports the failure
            }
        }, "jailed-native-load");
        t.setDaemon(true);
        t.start();
    }

    private static LauncherDiscoveryRequest request(DiscoverySelector selector, String engine) {
        return LauncherDiscoveryRequestBuilder.request().selectors(selector)
                .filters(EngineFilter.includeEngines(engine)).build();
    }

    /** Reads commands on a daemon thread; the end of the stream halts the JVM (the test JVM is gone). */
    private static BlockingQueue<FrameChannel.Frame> readCommands(FrameChannel wire) {
        BlockingQueue<FrameChannel.Frame> commands = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try {
                for (FrameChannel.Frame f; (f = wire.receive()) != null; ) {
                    commands.add(f);
                    if (f.type() == FrameChannel.BYE || f.type() == FrameChannel.STOP) {
                        return;
                    }
                }
            } catch (IOException e) {
                // treated as the end of the stream
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        }, "jailed-control");
        reader.setDaemon(true);
        reader.start();
        return commands;
    }
}
