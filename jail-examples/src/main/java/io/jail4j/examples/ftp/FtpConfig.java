package io.jail4j.examples.ftp;

import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * What a running server needs, fixed before the jail is entered: the tree, the passive ports,
 * TLS, the access rules and the limits. The limits have production defaults; tests lower them.
 *
 * @param tree          the served tree and its drop box
 * @param pasvPorts     ports for passive data connections, or null for any free port
 * @param tls           the server's TLS context, made before the chroot, or null without FTPS
 * @param access        the TCP-wrappers decision taken on every accepted connection
 * @param maxClients    sessions at once; also the number of worker threads started up front
 * @param maxPerAddress sessions at once from one client address
 * @param maxLine       longest command line in bytes
 * @param idleTimeout   a control connection with no command for this long is closed (421)
 * @param dataTimeout   a data connection that is not opened, or makes no progress, for this long
 *                      is closed (425/426)
 * @param maxUpload     largest upload in bytes (552 above it)
 */
record FtpConfig(FileTree tree, PortRange pasvPorts, SSLContext tls, AccessPolicy access, int maxClients,
                 int maxPerAddress, int maxLine, Duration idleTimeout, Duration dataTimeout, long maxUpload) {
    static final int MAX_CLIENTS = 256;
    static final int MAX_PER_ADDRESS = 32;
    static final int MAX_LINE = 4096;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(300);
    static final Duration DATA_TIMEOUT = Duration.ofSeconds(300);
    static final long MAX_UPLOAD = 1L << 30;

    FtpConfig {
        if (maxClients < 1 || maxPerAddress < 1 || maxLine < 64) {
            throw new IllegalArgumentException("limits too small: clients " + maxClients + ", per address "
                    + maxPerAddress + ", line " + maxLine);
        }
    }

    /** Returns the production limits for a tree, without passive range, TLS or access rules. */
    static FtpConfig defaults(FileTree tree) {
        return new FtpConfig(tree, null, null, AccessPolicy.ALLOW_ALL, MAX_CLIENTS, MAX_PER_ADDRESS, MAX_LINE,
                IDLE_TIMEOUT, DATA_TIMEOUT, MAX_UPLOAD);
    }

    FtpConfig withPasvPorts(PortRange ports) {
        return new FtpConfig(tree, ports, tls, access, maxClients, maxPerAddress, maxLine, idleTimeout, dataTimeout,
                maxUpload);
    }

    FtpConfig withTls(SSLContext context) {
        return new FtpConfig(tree, pasvPorts, context, access, maxClients, maxPerAddress, maxLine, idleTimeout,
                dataTimeout, maxUpload);
    }

    FtpConfig withAccess(AccessPolicy policy) {
        return new FtpConfig(tree, pasvPorts, tls, policy, maxClients, maxPerAddress, maxLine, idleTimeout,
                dataTimeout, maxUpload);
    }

    FtpConfig withLimits(int clients, int perAddress, Duration idle, Duration data, long upload) {
        return new FtpConfig(tree, pasvPorts, tls, access, clients, perAddress, maxLine, idle, data, upload);
    }

    FtpConfig withTree(FileTree other) {
        return new FtpConfig(other, pasvPorts, tls, access, maxClients, maxPerAddress, maxLine, idleTimeout,
                dataTimeout, maxUpload);
    }
}
