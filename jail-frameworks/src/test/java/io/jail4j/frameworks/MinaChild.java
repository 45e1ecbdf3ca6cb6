package io.jail4j.frameworks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.slf4j.LoggerFactory;

/**
 * Child of {@link MinaRootTest}: an Apache MINA FtpServer on {@code 127.0.0.1} whose users come
 * from a {@code PropertiesUserManager} file kept in the jail ({@code /etc/ftpusers.properties})
 * and whose users' homes are directories inside the jail. Logs through SLF4J to Logback,
 * initialised before {@code enter()}.
 *
 * <p>Arguments: {@code before|after} (whether the server is created and started, which binds its
 * port, before {@code enter()} as root or after it as {@code nobody}), the jail and the port.
 * Prints {@code STARTED listening on 127.0.0.1:port} or {@code START-FAILED <why>}, then waits for
 * a line on stdin before stopping the server.
 */
public final class MinaChild {
    private MinaChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean before = args[0].equals("before");
        Path jail = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        // SLF4J finds Logback with a ServiceLoader, which re-reads jars by path: initialise it here
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        LoggerFactory.getLogger(MinaChild.class).info("logging initialised before enter()");
        Jail plan = Jail.at(jail).preload(ChildSupport.ownClasses(MinaChild.class)).closeFds().dropTo("nobody");
        FtpServer server = null;
        if (before) {
            try {
                server = create(jail.resolve("etc/ftpusers.properties").toFile(), port);
                server.start();
                System.out.println("STARTED listening on 127.0.0.1:" + port);
            } catch (Exception e) {
                System.out.println("START-FAILED " + ChildSupport.oneLine(e));
            }
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
        if (!before) {
            try {
                server = create(new File("/etc/ftpusers.properties"), port);
                server.start();
                System.out.println("STARTED listening on 127.0.0.1:" + port);
            } catch (Exception e) {
                System.out.println("START-FAILED " + ChildSupport.oneLine(e));
            }
        }
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (server != null && !server.isStopped()) {
            server.stop();
        }
        System.out.println("STOPPED");
        System.exit(0);
    }

    /** A server on 127.0.0.1:{@code port} with the users of {@code users}. */
    private static FtpServer create(File users, int port) {
        PropertiesUserManagerFactory userManager = new PropertiesUserManagerFactory();
        userManager.setFile(users);
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        FtpServerFactory factory = new FtpServerFactory();
        factory.setUserManager(userManager.createUserManager());
        factory.addListener("default", listener.createListener());
        return factory.createServer();
    }

}
