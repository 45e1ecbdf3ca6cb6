package io.jail4j.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that a JMX connector server over RMI started after {@code enter()} serves a real client
 * outside the jail, on JDK 17 and 25, whether the RMI registry and the connector server object
 * were created before {@code enter()} or after it: this test connects with
 * {@link JMXConnectorFactory}, reads the platform Runtime MBean (the child's pid, an uptime that
 * grows) and the child's own MBean (a token and the listing of its root directory, which is the
 * jail's). The control run with {@code withoutDefaultPreload()} shows why the default preload
 * loads {@code librmi}: the RMI runtime then fails to start inside the jail with
 * {@code no rmi in system library path}, and no client can connect; creating the registry before
 * {@code enter()} does not help (a registry is a permanent object: only the connector's own
 * exported object starts RMI's distributed GC, which loads the library). From outside, the child's root
 * is the jail and its four uids are 65534.
 */
class JmxRootTest {
    private static final String MARKER = "jmx-marker";

    @TempDir
    Path base;

    static Stream<Arguments> jdksAndOrders() {
        List<Arguments> out = new ArrayList<>();
        for (Path jdk : Forked.jdks()) {
            out.add(Arguments.of(jdk, "after"));
            out.add(Arguments.of(jdk, "before"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, registry and server created {1} enter()")
    @MethodSource("jdksAndOrders")
    void defaultPreload_startConnectorBeforeOrAfterEnter_servesARealClient(Path jdk, String order) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        Files.writeString(jail.resolve(MARKER), "");
        int port = freePort();
        String token = UUID.randomUUID().toString();
        try (Forked child = start(jdk, order, "default", jail, port, token)) {
            assertServesARealClient(child, jail, port, token);
            child.tell("stop");
            child.awaitStdout("STOPPED", 20);
            assertEquals(0, child.exitCode(20), "exit status" + child.describe());
        }
    }

    @ParameterizedTest(name = "{0}, registry and server created {1} enter()")
    @MethodSource("jdksAndOrders")
    void withoutDefaultPreload_startConnector_rmiCannotLoadItsLibrary(Path jdk, String order) throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        int port = freePort();
        try (Forked child = start(jdk, order, "none", jail, port, "unused")) {
            String started = child.awaitStdout("START", 30);
            assertTrue(started.startsWith("START-FAILED ") && started.contains("no rmi in system library path"),
                    "without the default preload the RMI runtime must fail on librmi, not: " + started
                    + child.describe());
            child.assertJailed(jail);
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            assertThrows(IOException.class, () -> JMXConnectorFactory.connect(url).close(),
                    "no connector server may be reachable" + child.describe());
            child.tell("stop");
            assertEquals(0, child.exitCode(20), "exit status" + child.describe());
        }
    }

    /**
     * Learn mode: one un-jailed run without the default preload (only the two preloads the control
     * run keeps) writes a plan; the plan applied mechanically lets the RMI runtime load its
     * library (a copy of {@code librmi.so} at its path in the jail, or the class that loads it
     * initialised before the chroot, whichever learn mode caught), and the jailed run serves a
     * real client with nothing hand-added.
     */
    @ParameterizedTest(name = "{0}, registry and server created {1} enter()")
    @MethodSource("jdksAndOrders")
    void learnMode_planFromOneUnjailedRunWithoutTheDefaultPreload_makesTheJailedRunServe(Path jdk, String order)
            throws Exception {
        Forked.requireRoot();
        Path jail = Forked.newJail(base);
        Files.writeString(jail.resolve(MARKER), "");
        Path plan = LearnSteps.planFile();
        try {
            int port = freePort();
            String token = UUID.randomUUID().toString();
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, JmxChild.class, Forked.keepOnly(),
                    LearnSteps.learning(plan, "-Djava.rmi.server.hostname=127.0.0.1"), List.of(), order, "none",
                    jail.toString(), Integer.toString(port), token)) {
                String started = child.awaitStdout("START", 30);
                assertTrue(started.startsWith("STARTED "), "un-jailed, the connector server starts" + child.describe());
                LearnSteps.assertLearningUnjailed(child);
                JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
                try (JMXConnector client = JMXConnectorFactory.connect(url)) {
                    MBeanServerConnection mbs = client.getMBeanServerConnection();
                    assertEquals(child.pid(), (long) mbs.getAttribute(new ObjectName("java.lang:type=Runtime"), "Pid"));
                    assertEquals(token, mbs.getAttribute(new ObjectName("io.jail4j.frameworks:type=Probe"), "Token"));
                }
                child.tell("stop");
                child.awaitStdout("STOPPED", 20);
                assertEquals(0, child.exitCode(20), "exit status" + child.describe());
            }
            io.jail4j.LearnPlan learned = LearnSteps.apply(plan, jail);
            assertTrue(learned.calls().stream().anyMatch(c -> c.startsWith("Preload.initialize(\"sun.rmi."))
                    || learned.layoutLines().stream().anyMatch(l -> l.contains("/librmi.so ")),
                    "the RMI runtime loads librmi after enter(): " + learned);
            port = freePort();
            try (Forked child = Forked.startOn(LearnSteps.readableClassPath(), jdk, JmxChild.class, Forked.keepOnly(),
                    LearnSteps.applying(plan, "-Djava.rmi.server.hostname=127.0.0.1"), List.of(), order, "none",
                    jail.toString(), Integer.toString(port), token)) {
                assertServesARealClient(child, jail, port, token);
                child.tell("stop");
                child.awaitStdout("STOPPED", 20);
                assertEquals(0, child.exitCode(20), "exit status" + child.describe());
            }
        } finally {
            LearnSteps.delete(plan);
        }
    }

    /** Connects a real JMX client to the jailed child and reads the Runtime MBean and the child's own. */
    private static void assertServesARealClient(Forked child, Path jail, int port, String token) throws Exception {
        String started = child.awaitStdout("START", 30);
        assertTrue(started.startsWith("STARTED "), "the connector server did not start" + child.describe());
        child.assertJailed(jail);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        try (JMXConnector client = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection mbs = client.getMBeanServerConnection();
            ObjectName runtime = new ObjectName("java.lang:type=Runtime");
            assertEquals(child.pid(), (long) mbs.getAttribute(runtime, "Pid"), "Pid of the Runtime MBean");
            long first = (long) mbs.getAttribute(runtime, "Uptime");
            Thread.sleep(50);
            long second = (long) mbs.getAttribute(runtime, "Uptime");
            assertTrue(first > 0 && second >= first + 50, "Uptime " + first + " then " + second);
            ObjectName probe = new ObjectName("io.jail4j.frameworks:type=Probe");
            assertEquals(token, mbs.getAttribute(probe, "Token"), "the child's MBean");
            String[] inJail = jail.toFile().list(); // the marker and tmp, and what a learned plan's layout made
            java.util.Arrays.sort(inJail);
            assertTrue(List.of(inJail).contains(MARKER), "the jail has the marker");
            assertEquals(String.join(",", inJail), mbs.getAttribute(probe, "RootListing"),
                    "the child's root directory, read by its MBean, must be the jail");
        }
    }

    private static Forked start(Path jdk, String order, String preload, Path jail, int port, String token) {
        return Forked.start(jdk, JmxChild.class, Forked.keepOnly(), List.of("-Djava.rmi.server.hostname=127.0.0.1"),
                order, preload, jail.toString(), Integer.toString(port), token);
    }

    /** A TCP port free on the loopback address right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
