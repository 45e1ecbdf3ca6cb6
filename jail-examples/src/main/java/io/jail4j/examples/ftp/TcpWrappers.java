package io.jail4j.examples.ftp;

import io.jail4j.tcpd.HostResolver;
import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.HostsGuard;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * {@code --allow FILE --deny FILE}: hosts_access(5) rules read once, before the chroot, and
 * checked in-process on every accepted connection ({@link HostsGuard}). A missing file is an
 * empty one, as for libwrap. Client host names are looked up only if a rule needs them, with a
 * resolver configured from the host's {@code /etc/hosts} and {@code /etc/resolv.conf} now.
 */
final class TcpWrappers implements AccessPolicy {
    private final HostsGuard guard;
    private final String description;

    private TcpWrappers(HostsGuard guard, String description) {
        this.guard = guard;
        this.description = description;
    }

    /** Loads the rules; {@code allow} or {@code deny} may be null (libwrap's empty file). */
    static TcpWrappers load(Path allow, Path deny) throws HostsFileException, IOException {
        Path none = Path.of("/nonexistent/jail4j-ftpd-no-rules");
        HostsAccess rules = HostsAccess.load(allow != null ? allow : none, deny != null ? deny : none);
        for (String warning : rules.warnings()) {
            FtpLog.warn("access rules: " + warning);
        }
        HostResolver resolver = rules.needsClientNames() || rules.needsServerNames() ? HostResolver.system()
                : HostResolver.none();
        return new TcpWrappers(HostsGuard.of(DAEMON, () -> rules, resolver),
                "TCP wrappers " + (allow == null ? "-" : allow) + " " + (deny == null ? "-" : deny));
    }

    @Override
    public SocketChannel accept(ServerSocketChannel listener) throws IOException {
        return guard.accept(listener);
    }

    /** Decides (and logs) one connection without acting on it: the warm-up's use of the rules. */
    void check(SocketChannel channel) throws IOException {
        guard.check(channel);
    }

    @Override
    public String toString() {
        return description;
    }
}
