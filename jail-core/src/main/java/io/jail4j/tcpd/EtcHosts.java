package io.jail4j.tcpd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An {@code /etc/hosts} table, read before the chroot, looked up as glibc's {@code files}
 * backend does: an address maps to the first name of its first line; a name (or alias, ignoring
 * ASCII case) maps to the addresses of every line naming it, the canonical name being the first
 * name of the first such line.
 */
final class EtcHosts {
    /** One line: an address and its names, the canonical one first. */
    record Entry(InetAddress address, List<String> names) {
    }

    /** A forward answer: the canonical name and the addresses. */
    record Forward(String canonical, List<InetAddress> addresses) {
    }

    private final List<Entry> entries;

    EtcHosts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static EtcHosts parse(byte[] data) {
        List<Entry> entries = new ArrayList<>();
        for (String line : new String(data, StandardCharsets.ISO_8859_1).split("\n")) {
            int hash = line.indexOf('#');
            String[] f = (hash < 0 ? line : line.substring(0, hash)).trim().split("[ \t\r\f\u000B]+");
            if (f.length < 2) {
                continue;
            }
            InetAddress a = address(f[0]);
            if (a != null) {
                entries.add(new Entry(a, List.of(Arrays.copyOfRange(f, 1, f.length))));
            }
        }
        return new EtcHosts(entries);
    }

    private static InetAddress address(String text) {
        try {
            byte[] v6 = Inet6.pton(text, 0, text.length());
            if (v6 != null) {
                return InetAddress.getByAddress(v6);
            }
            long v4 = CNumbers.inetAddr(text);
            if (v4 == CNumbers.NONE && !text.equals("255.255.255.255")) {
                return null;
            }
            return InetAddress.getByAddress(new byte[] {(byte) (v4 >> 24), (byte) (v4 >> 16), (byte) (v4 >> 8),
                (byte) v4});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Returns the name for {@code address}, or {@code null}. */
    String reverse(InetAddress address) {
        for (Entry e : entries) {
            if (e.address().equals(address)) {
                return e.names().get(0);
            }
        }
        return null;
    }

    /** Returns the addresses of {@code name} in the family of {@code like}, or {@code null}. */
    Forward forward(String name, InetAddress like) {
        String canonical = null;
        List<InetAddress> found = new ArrayList<>();
        for (Entry e : entries) {
            if (e.address().getClass() != like.getClass()) {
                continue;
            }
            for (String n : e.names()) {
                if (CText.eqIgnoreCase(n, name)) {
                    if (canonical == null) {
                        canonical = e.names().get(0);
                    }
                    found.add(e.address());
                    break;
                }
            }
        }
        return canonical == null ? null : new Forward(canonical, found);
    }
}
