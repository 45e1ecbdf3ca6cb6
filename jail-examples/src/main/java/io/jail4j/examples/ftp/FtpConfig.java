package io.jail4j.examples.ftp;

import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * What a running server needs, fixed before the jail is entered: the tree, the passive ports,
 * TLS, the access rules and the limits. The limits have production defaults; tests lower them.
 *
 * @param tree      the served tree and its drop box
 * @param pasvPorts ports for passive data connections, or null for any free port
 * @param tls       the server's TLS context, made before the chroot, or null without FTPS
 * @param access    the TCP-wrappers decision taken on every accepted connection
 * @param limits    clients, line length, timeouts and upload size
 */
record FtpConfig(FileTree tree, PortRange pasvPorts, SSLContext tls, AccessPolicy access, Limits limits) {

    /** Returns the production limits for a tree, without passive range, TLS or access rules. */
    static FtpConfig defaults(FileTree tree) {
        return new FtpConfig(tree, null, null, AccessPolicy.ALLOW_ALL, Limits.DEFAULTS);
    }

    FtpConfig withPasvPorts(PortRange ports) {
        return new FtpConfig(tree, ports, tls, access, limits);
    }

    FtpConfig withTls(SSLContext context) {
        return new FtpConfig(tree, pasvPorts, context, access, limits);
    }

    FtpConfig withAccess(AccessPolicy policy) {
        return new FtpConfig(tree, pasvPorts, tls, policy, limits);
    }

    FtpConfig withLimits(Limits other) {
        return new FtpConfig(tree, pasvPorts, tls, access, other);
    }

    /**
     * Returns this configuration with client limits, the idle and data timeouts and the upload
     * size replaced (the login timeout becomes at most the idle timeout).
     */
    FtpConfig withLimits(int clients, int perAddress, Duration idle, Duration data, long upload) {
        Duration login = limits.loginTimeout().compareTo(idle) < 0 ? limits.loginTimeout() : idle;
        return withLimits(limits.withClients(clients, perAddress).withControlTimeouts(login, idle)
                .withDataTimeouts(limits.acceptTimeout(), limits.connectTimeout(), data).withMaxUpload(upload));
    }

    FtpConfig withTree(FileTree other) {
        return new FtpConfig(other, pasvPorts, tls, access, limits);
    }
}
