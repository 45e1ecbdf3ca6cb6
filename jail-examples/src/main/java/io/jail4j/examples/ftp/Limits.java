package io.jail4j.examples.ftp;

import java.time.Duration;

/**
 * What one client may hold and for how long, with vsftpd-grade defaults (vsftpd.conf(5):
 * {@code idle_session_timeout=300}, {@code data_connection_timeout=300}, {@code accept_timeout=60},
 * {@code connect_timeout=60}; vsftpd's command lines are 4096 bytes). vsftpd has no limit on
 * clients by default because it forks a process per client; this server has a fixed set of
 * threads, so it has one, and a client that has not logged in yet gives way to a new one when
 * the limit is reached.
 *
 * @param maxClients    sessions at once; also the number of worker threads started up front
 * @param maxPerAddress sessions at once from one client address
 * @param maxLine       longest command line in bytes, Telnet sequences included (500, then close)
 * @param loginTimeout  a client that has not logged in this long after connecting is closed (421)
 * @param idleTimeout   a control connection with no complete command, or whose replies are not
 *                      read, for this long is closed (421)
 * @param acceptTimeout a passive listener nobody connects to for this long is closed (425)
 * @param connectTimeout an active data connection not established within this time fails (425)
 * @param dataTimeout   a data connection that makes no progress for this long is closed (426)
 * @param maxUpload     largest upload in bytes (552 above it)
 */
record Limits(int maxClients, int maxPerAddress, int maxLine, Duration loginTimeout, Duration idleTimeout,
              Duration acceptTimeout, Duration connectTimeout, Duration dataTimeout, long maxUpload) {
    static final int MAX_CLIENTS = 256;
    static final int MAX_PER_ADDRESS = 32;
    static final int MAX_LINE = 4096;
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(300);
    static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DATA_TIMEOUT = Duration.ofSeconds(300);
    static final long MAX_UPLOAD = 1L << 30;
    /** Most worker threads a server starts (each reserves its stack). */
    static final int MOST_CLIENTS = 4096;

    /** The production defaults. */
    static final Limits DEFAULTS = new Limits(MAX_CLIENTS, MAX_PER_ADDRESS, MAX_LINE, LOGIN_TIMEOUT, IDLE_TIMEOUT,
            ACCEPT_TIMEOUT, CONNECT_TIMEOUT, DATA_TIMEOUT, MAX_UPLOAD);

    Limits {
        if (maxClients < 1 || maxClients > MOST_CLIENTS || maxPerAddress < 1 || maxLine < 64) {
            throw new IllegalArgumentException("limits out of range: clients " + maxClients + " (1-" + MOST_CLIENTS
                    + "), per address " + maxPerAddress + ", line " + maxLine + " (at least 64)");
        }
        for (Duration d : new Duration[] {loginTimeout, idleTimeout, acceptTimeout, connectTimeout, dataTimeout}) {
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout out of range: " + d);
            }
        }
    }

    Limits withClients(int clients, int perAddress) {
        return new Limits(clients, perAddress, maxLine, loginTimeout, idleTimeout, acceptTimeout, connectTimeout,
                dataTimeout, maxUpload);
    }

    Limits withMaxLine(int bytes) {
        return new Limits(maxClients, maxPerAddress, bytes, loginTimeout, idleTimeout, acceptTimeout, connectTimeout,
                dataTimeout, maxUpload);
    }

    /** Returns these limits with the control connection's timeouts replaced. */
    Limits withControlTimeouts(Duration login, Duration idle) {
        return new Limits(maxClients, maxPerAddress, maxLine, login, idle, acceptTimeout, connectTimeout,
                dataTimeout, maxUpload);
    }

    /** Returns these limits with the data connections' timeouts replaced. */
    Limits withDataTimeouts(Duration accept, Duration connect, Duration data) {
        return new Limits(maxClients, maxPerAddress, maxLine, loginTimeout, idleTimeout, accept, connect, data,
                maxUpload);
    }

    Limits withMaxUpload(long bytes) {
        return new Limits(maxClients, maxPerAddress, maxLine, loginTimeout, idleTimeout, acceptTimeout, connectTimeout,
                dataTimeout, bytes);
    }

    /** Returns a timeout in milliseconds for {@code setSoTimeout}. */
    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
