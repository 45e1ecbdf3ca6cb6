package io.jail4j.examples.dns;

import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.Request;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Zone transfer access from TCP wrappers rules (hosts_access(5)), decided in-process by
 * {@link HostsAccess} as libwrap would, under the daemon name {@value AxfrAccess#DAEMON} and the
 * client's address. The rule files are read once, before the chroot (they live outside the jail).
 * The client's host name is not looked up (no DNS from inside the jail): name patterns see
 * {@code unknown}. The only class of this package that uses {@code io.jail4j.tcpd}.
 */
final class TcpdAxfrAccess implements AxfrAccess {
    private final HostsAccess rules;

    private TcpdAxfrAccess(HostsAccess rules) {
        this.rules = rules;
    }

    /**
     * Reads the allow and deny files.
     *
     * @throws ZoneException naming the file and line that cannot be used
     */
    static TcpdAxfrAccess load(Path allow, Path deny) throws ZoneException {
        try {
            return new TcpdAxfrAccess(HostsAccess.load(allow, deny));
        } catch (HostsFileException e) {
            throw new ZoneException(String.valueOf(e.file()), e.line(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    /** Returns what libwrap would warn about in the files. */
    List<String> warnings() {
        return rules.warnings();
    }

    @Override
    public boolean allows(InetAddress client) {
        return rules.check(Request.of(DAEMON, text(client))).allowed();
    }

    /** Formats an address as libwrap sees it ({@code getnameinfo}: {@code ::1}, not {@code 0:0:...:1}). */
    static String text(InetAddress a) {
        if (a instanceof Inet6Address) {
            return compress(a.getHostAddress());
        }
        return a.getHostAddress();
    }

    /** Shortens the longest run of zero groups to {@code ::} (RFC 5952) and drops a scope. */
    static String compress(String full) {
        int percent = full.indexOf('%');
        String[] groups = (percent >= 0 ? full.substring(0, percent) : full).split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                s.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            s.append(groups[i]);
            if (i < groups.length - 1) {
                s.append(':');
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "TCP wrappers rules " + rules;
    }
}
