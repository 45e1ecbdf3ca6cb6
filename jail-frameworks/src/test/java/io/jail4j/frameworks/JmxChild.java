package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import io.jail4j.Preload;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.Arrays;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * Child of {@link JmxRootTest}: a JMX connector server over RMI
 * ({@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}, registry and RMI objects on the
 * loopback address only) started after {@code enter()}, serving the platform MBean server and a
 * {@link ProbeMBean} registered inside the jail.
 *
 * <p>Arguments: {@code after|before} (whether the registry and the connector server object are
 * created after {@code enter()} or before it; {@code start()} always comes after), {@code
 * default|none} (the default preload, or {@code withoutDefaultPreload()} with only the platform
 * MBean server and the socket options library put back by hand, so that RMI's own library is the
 * one thing missing), the jail, the
 * registry port and a token the probe returns. Prints {@code STARTED} or {@code START-FAILED
 * <why>}, then waits for a line on stdin before stopping the server.
 */
public final class JmxChild {
    private JmxChild() {
    }

    /** What the test reads through the connector, computed inside the jail. */
    public interface ProbeMBean {
        /** The token given on the command line. */
        String getToken();

        /** The names in the process's root directory, sorted, comma separated. */
        String getRootListing();
    }

    /** The registered {@link ProbeMBean}. */
    public static final class Probe implements ProbeMBean {
        private final String token;

        Probe(String token) {
            this.token = token;
        }

        @Override
        public String getToken() {
            return token;
        }

        @Override
        public String getRootListing() {
            String[] names = new File("/").list();
            if (names == null) {
                return "(cannot list /)";
            }
            Arrays.sort(names);
            return String.join(",", names);
        }
    }


    public static void main(String[] args) throws Exception {
        boolean before = args[0].equals("before");
        boolean defaultPreload = args[1].equals("default");
        Jail plan = Jail.at(java.nio.file.Path.of(args[2])).preload(ChildSupport.ownClasses(JmxChild.class)).closeFds()
                .dropTo("nobody");
        int port = Integer.parseInt(args[3]);
        Probe probe = new Probe(args[4]); // loads the probe's classes from the class directory while it is there
        if (!defaultPreload) {
            plan = plan.withoutDefaultPreload().preload(
                    Preload.named("platform MBean server (libmanagement)", ManagementFactory::getPlatformMBeanServer),
                    Preload.named("socket options (libextnet)", () -> {
                        try {
                            ServerSocketChannel.open().close();
                            SocketChannel.open().close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }));
        }
        RMIServerSocketFactory loopback = p -> new ServerSocket(p, 50, InetAddress.getLoopbackAddress());
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        Map<String, Object> env = Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, loopback);
        Registry registry = null;
        JMXConnectorServer server = null;
        if (before) {
            registry = LocateRegistry.createRegistry(port, null, loopback);
            server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, ManagementFactory
                    .getPlatformMBeanServer());
        }
        EntryReport report;
        try {
            report = ChildSupport.learnOrApply(plan).enter();
        } catch (JailException e) {
            System.out.println("ENTER-FAILED " + ChildSupport.oneLine(e));
            System.exit(1);
            return;
        }
        report.warnings().forEach(w -> System.out.println("WARNING " + ChildSupport.oneLine(w)));
        System.out.println("ENTERED");
        try {
            MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
            mbs.registerMBean(probe, new ObjectName("io.jail4j.frameworks:type=Probe"));
            if (registry == null) {
                registry = LocateRegistry.createRegistry(port, null, loopback);
            }
            if (server == null) {
                server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, mbs);
            }
            server.start();
            System.out.println("STARTED " + server.getAddress());
        } catch (Throwable t) {
            System.out.println("START-FAILED " + ChildSupport.oneLine(t));
        }
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (server != null && server.isActive()) {
            server.stop();
        }
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
        }
        System.out.println("STOPPED");
        System.exit(0); // RMI's own threads would keep the JVM up
    }
}
