package io.jail4j.examples;

import io.jail4j.EntryReport;
import io.jail4j.InheritedSocket;
import io.jail4j.Jail;
import io.jail4j.JailException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The demo daemon: binds a privileged loopback port as root (or, with {@code --listen systemd},
 * takes the socket the service manager bound, and may then start as any user holding
 * CAP_SYS_CHROOT, CAP_SETUID and CAP_SETGID), enters a jail as an unprivileged user, prints the
 * entry report, then answers each TCP connection, one at a time, with the live jailed state and
 * closes it.
 *
 * <p>Order: bind, create the jail (unless given), {@code enter()} with a preload that loads every
 * class of this package, formats a sample answer and makes a loopback round trip (everything the
 * serving loop does, done once before the chroot), then serve.
 */
public final class Demo {
    private final DemoOptions options;
    private final PrintStream out;
    private final PrintStream err;

    private Demo(DemoOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the demo: binds, enters the jail, serves.
     *
     * @param options the checked options
     * @param out receives the entry report (and, without {@code --json}, the status line)
     * @param err receives error messages (and, with {@code --json}, the status line)
     * @return {@link ExitCode#OK} after the connections asked for, {@link ExitCode#REFUSED} if
     *         jail4j refused to enter, {@link ExitCode#USAGE} for a drop target jail4j does not
     *         accept, {@link ExitCode#IO_ERROR} for I/O errors (such as the port in use)
     */
    public static ExitCode run(DemoOptions options, PrintStream out, PrintStream err) {
        return new Demo(options, out, err).run();
    }

    private ExitCode run() {
        Jail.prepare(); // native binding and default preload load while the demo binds and builds its jail
        ListenAddress listen = options.listen();
        ServerSocket server;
        String where;
        InetAddress loopback;
        if (options.systemd()) {
            InheritedSocket socket;
            try {
                socket = SystemdSockets.take("the demo").stream();
                server = socket.serverSocketChannel().socket();
            } catch (JailException | IllegalStateException e) {
                return fail(ExitCode.IO_ERROR, e.getMessage());
            }
            where = socket.addressText() + " (from the service manager)";
            InetAddress bound = socket.address().orElseThrow().getAddress();
            loopback = bound.isLoopbackAddress() ? bound : InetAddress.getLoopbackAddress();
        } else {
            try {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(listen.socketAddress(), 50);
            } catch (IOException e) {
                return fail(ExitCode.IO_ERROR, "cannot listen on " + listen + ": " + e.getMessage());
            }
            where = ListenAddress.format(server.getInetAddress(), server.getLocalPort());
            loopback = listen.address();
        }
        Path created = null;
        boolean entered = false;
        try {
            Path jail = options.jail().orElse(null);
            if (jail == null) {
                try {
                    created = createJail();
                } catch (IOException e) {
                    return fail(ExitCode.IO_ERROR, "cannot create a jail under the temp directory: " + e);
                }
                jail = created;
            }
            Jail plan;
            try {
                plan = Jail.at(jail).preload(new DemoRehearsal(jail, loopback)).closeFds().dropTo(options.user());
                if (options.learn().isPresent()) {
                    plan = plan.learn(options.learn().get());
                }
            } catch (IllegalArgumentException e) {
                return fail(ExitCode.USAGE, e.getMessage());
            }
            EntryReport report;
            try {
                report = plan.enter();
            } catch (JailException e) {
                return fail(ExitCode.REFUSED, e.getMessage());
            }
            entered = true;
            if (options.json()) {
                out.println(report.toJson());
            } else {
                out.print(report);
            }
            out.flush();
            PrintStream status = options.json() ? err : out;
            status.println("listening on " + where + " as " + options.user() + (report.jailed() ? " in " + jail
                    : ", NOT JAILED (learn mode, plan " + report.learnPlan().orElseThrow() + ")"));
            status.flush();
            return serve(server, where, jail);
        } finally {
            if (!entered) {
                closeQuietly(server);
                if (created != null) {
                    deleteQuietly(created);
                }
            }
        }
    }

    private ExitCode serve(ServerSocket server, String where, Path jail) {
        try (server) {
            for (int served = 0; options.connections() == 0 || served < options.connections(); served++) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return fail(ExitCode.IO_ERROR, "accept on " + where + " failed: " + e.getMessage());
                }
                try (client) {
                    answer(client, JailedState.describe(jail));
                } catch (IOException e) {
                    err.println("jail4j demo: answering " + client.getRemoteSocketAddress() + " failed: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            return fail(ExitCode.IO_ERROR, "closing " + where + " failed: " + e.getMessage());
        }
        return ExitCode.OK;
    }

    /** Writes the answer and ends the output direction; the caller closes the socket. */
    static void answer(Socket client, String text) throws IOException {
        OutputStream o = client.getOutputStream();
        o.write(text.getBytes(StandardCharsets.UTF_8));
        o.flush();
        client.shutdownOutput();
    }

    private static Path createJail() throws IOException {
        Path dir = Files.createTempDirectory("jail4j-demo-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.toRealPath();
    }

    private ExitCode fail(ExitCode status, String message) {
        err.println("jail4j demo: " + message);
        err.flush();
        return status;
    }

    private static void closeQuietly(ServerSocket server) {
        try {
            server.close();
        } catch (IOException ignored) {
            // the process is about to exit with the error that matters
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // an empty directory left in the temp dir is harmless
        }
    }

    /** Does once, before the chroot, everything the serving loop does after it. */
    private static final class DemoRehearsal implements Runnable {
        private final Path jail;
        private final InetAddress address;

        DemoRehearsal(Path jail, InetAddress address) {
            this.jail = jail;
            this.address = address;
        }

        @Override
        public void run() {
            try {
                PackageClasses.load(Demo.class);
                String sample = JailedState.describe(jail);
                try (ServerSocket probe = new ServerSocket(0, 1, address);
                     Socket client = new Socket(address, probe.getLocalPort());
                     Socket accepted = probe.accept()) {
                    answer(accepted, sample);
                    String.valueOf(accepted.getRemoteSocketAddress());
                    client.getInputStream().readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "demo warm-up: load the demo's classes, format a sample answer, loopback round trip";
        }
    }
}
