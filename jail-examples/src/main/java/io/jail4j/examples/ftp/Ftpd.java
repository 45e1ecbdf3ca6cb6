package io.jail4j.examples.ftp;

import io.jail4j.EntryReport;
import io.jail4j.InheritedSocket;
import io.jail4j.Jail;
import io.jail4j.JailException;
import io.jail4j.Preload;
import io.jail4j.examples.ExitCode;
import io.jail4j.examples.SystemdSockets;
import io.jail4j.tcpd.HostsFileException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLContext;

/**
 * {@code jail4j ftpd}: an anonymous FTP server that jails itself in the tree it serves. The order
 * is the pattern every daemon using jail4j follows: load the native binding early
 * ({@code Jail.prepare()}), check the tree and set up the drop box, build the TLS context and
 * read the access rules, bind the control port as root, start every worker thread, then
 * {@code enter()} with a preload that runs one whole loopback session, closes stray descriptors
 * and drops to {@code ftp} (or {@code nobody} where there is no {@code ftp} user), and only then
 * serve clients. With {@code --demo} it first creates its own jail with a small tree under the
 * temp directory ({@link DemoTree}) and listens on 127.0.0.1:2121 unless told otherwise.
 *
 * <p>Exit status: 0 stopped normally, 1 refused (writable root, jail4j refused to enter), 2 usage
 * error, 3 I/O error (port in use, unreadable certificate or rules).
 */
public final class Ftpd {
    /** The most sessions one client address may hold at once (vsftpd's max_per_ip, by default). */
    public static final int MAX_SESSIONS_PER_ADDRESS = Limits.MAX_PER_ADDRESS;

    private final FtpdOptions options;
    private final PrintStream out;
    private final PrintStream err;

    private Ftpd(FtpdOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@code ftpd} with checked options; serves until the process is stopped.
     *
     * @param options the options, already {@linkplain FtpdOptions#validate() validated}
     * @param out receives the entry report
     * @param err receives status lines and error messages (the daemon's log)
     * @return {@link ExitCode#OK} when serving stops normally, {@link ExitCode#REFUSED} (writable
     *         root, jail4j refused to enter), {@link ExitCode#USAGE} (a drop target jail4j does not
     *         accept), {@link ExitCode#IO_ERROR} (port in use, unreadable certificate or rules,
     *         serving failed)
     */
    public static ExitCode run(FtpdOptions options, PrintStream out, PrintStream err) {
        Jail.prepare(); // native binding and default preload load while the daemon checks its tree
        FtpLog.writeTo(err);
        return new Ftpd(options, out, err).run();
    }

    private ExitCode run() {
        if (!"UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"))) {
            FtpLog.warn("file names are decoded as " + System.getProperty("sun.jnu.encoding")
                    + ", not UTF-8: start the JVM with LANG=C.UTF-8 to serve non-ASCII names");
        }
        String user = options.user != null ? options.user : defaultUser();
        Path root;
        if (options.demo) {
            try {
                root = DemoTree.create();
            } catch (IOException e) {
                return fail(ExitCode.IO_ERROR, "cannot create the demo jail under the temp directory: " + e.getMessage());
            }
        } else {
            try {
                root = options.root.toRealPath();
            } catch (IOException e) {
                return fail(ExitCode.IO_ERROR, "--root " + options.root + ": not found");
            }
        }
        String writable = writableRoot(root);
        if (writable != null) {
            return fail(ExitCode.REFUSED, "refusing to serve a writable root: " + writable + " (as vsftpd refuses to run with"
                    + " a writable root inside chroot(); the root must be owned by root and writable by root alone;"
                    + " take uploads in a subdirectory with --upload)");
        }
        FtpConfig config;
        try {
            config = configure(root, user);
        } catch (IOException | GeneralSecurityException | HostsFileException | RuntimeException e) {
            return fail(ExitCode.IO_ERROR, e.getMessage());
        }
        ServerSocketChannel listener;
        InetSocketAddress local;
        if (options.systemd) {
            try {
                InheritedSocket socket = SystemdSockets.take("ftpd").stream();
                listener = socket.serverSocketChannel();
                local = socket.address().orElseThrow();
            } catch (JailException | IllegalStateException e) {
                return fail(ExitCode.IO_ERROR, e.getMessage());
            }
        } else {
            try {
                listener = ServerSocketChannel.open();
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(options.listen, 128);
                local = (InetSocketAddress) listener.getLocalAddress();
            } catch (IOException e) {
                return fail(ExitCode.IO_ERROR, "cannot listen on " + format(options.listen) + ": " + e.getMessage());
            }
        }
        FtpServer server = new FtpServer(config, listener); // every worker thread starts here, before the jail
        boolean entered = false;
        try {
            Jail plan;
            try {
                plan = Jail.at(root).preload(Preload.packages(Ftpd.class.getPackageName()), new SessionRehearsal(server, listener))
                        .closeFds().dropTo(user);
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
            server.retarget(config.withTree(new FileTree(Path.of("/"), config.tree().uploadDir())));
            String where = format(local);
            out.print(report);
            out.println("listening on " + where + (options.systemd ? " (from the service manager)" : "") + " as " + user
                    + ", serving " + root
                    + (config.tree().uploadDir() != null ? " (drop box " + config.tree().uploadDir() + ")" : ""));
            out.println("connect with: curl ftp://" + where + "/   or   lftp -p " + local.getPort() + " "
                    + local.getHostString());
            out.flush();
            if (options.demo) {
                err.println("jail4j ftpd: demo tree in the jail " + root + " (pub/README.txt, pub/hello.txt, pub/data.bin);"
                        + " connect with:");
                err.println("  curl ftp://" + where + "/pub/");
                err.println("  lftp -p " + local.getPort() + " " + local.getHostString());
                err.flush();
            }
            FtpLog.info("listening on " + where + " as " + user + " in the jail " + root + ", " + config.access()
                    + (config.tls() != null ? ", FTPS" : ""));
            server.serve();
            return ExitCode.OK;
        } catch (IOException e) {
            return fail(ExitCode.IO_ERROR, "serving failed: " + e.getMessage());
        } finally {
            if (!entered) {
                server.close();
            }
        }
    }

    private FtpConfig configure(Path root, String user)
            throws IOException, GeneralSecurityException, HostsFileException {
        if (options.upload != null) {
            UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
            String warning = UploadBox.prepare(root, options.upload, owner);
            if (warning != null) {
                FtpLog.warn(warning);
            }
        }
        FtpConfig config = FtpConfig.defaults(new FileTree(root, options.upload)).withPasvPorts(options.pasvPorts)
                .withLimits(options.limits);
        SSLContext tls = null;
        if (options.tlsSelfSigned) {
            tls = Tls.selfSigned();
        } else if (options.tlsCert != null) {
            tls = Tls.fromPem(options.tlsCert, options.tlsKey != null ? options.tlsKey : options.tlsCert);
        }
        if (options.allow != null || options.deny != null) {
            config = config.withAccess(TcpWrappers.load(options.allow, options.deny));
        }
        return config.withTls(tls);
    }

    /** Returns why the root is writable by someone other than root, or null. */
    static String writableRoot(Path root) {
        try {
            int mode = (Integer) Files.getAttribute(root, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (uid != 0) {
                return root + " is owned by uid " + uid;
            }
            if ((mode & 022) != 0) {
                return root + " has mode " + Integer.toOctalString(mode & 07777);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return root + " cannot be checked (" + e.getMessage() + ")";
        }
    }

    /** Returns {@code ftp} if the host has that user, else {@code nobody}. */
    static String defaultUser() {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("ftp");
            return "ftp";
        } catch (UserPrincipalNotFoundException e) {
            return "nobody";
        } catch (IOException e) {
            return "nobody";
        }
    }

    static String format(InetSocketAddress a) {
        return Session.address(a);
    }

    private ExitCode fail(ExitCode status, String message) {
        err.println("jail4j ftpd: " + message);
        err.flush();
        return status;
    }
}
