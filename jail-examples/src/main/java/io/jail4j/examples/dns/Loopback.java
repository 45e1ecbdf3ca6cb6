package io.jail4j.examples.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A loopback address and port parsed from {@code 127.0.0.1:53} or {@code [::1]:53} without any
 * name lookup; only 127.0.0.0/8 and ::1 are accepted, so the demo cannot be reached from
 * elsewhere.
 */
final class Loopback {
    final InetAddress address;
    final int port;

    private Loopback(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    /** Parses {@code ADDR:PORT}; PORT is 0 (any free port) to 65535. */
    static Loopback parse(String text) throws UsageError {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageError("--listen \"" + text + "\": expected ADDR:PORT, such as 127.0.0.1:53 or [::1]:53");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port = portText.length() <= 5 && portText.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Integer.parseInt(portText) : -1;
        if (port < 0 || port > 65535) {
            throw new UsageError("--listen \"" + text + "\": port \"" + portText + "\" is not a number in 0..65535");
        }
        byte[] v4 = ipv4(host);
        boolean v6 = host.length() > 2 && host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0;
        if (v4 == null && !v6) {
            throw new UsageError("--listen \"" + text + "\": \"" + host + "\" is not an IP address literal;"
                    + " use 127.0.0.1 (or another 127.x.y.z) or [::1]");
        }
        InetAddress address;
        try {
            // raw bytes, or a literal containing ':' (always parsed as IPv6): no lookup either way
            address = v4 != null ? InetAddress.getByAddress(v4) : InetAddress.getByName(host.substring(1, host.length() - 1));
        } catch (UnknownHostException e) {
            throw new UsageError("--listen \"" + text + "\": \"" + host + "\" is not a valid IP address");
        }
        if (!address.isLoopbackAddress()) {
            throw new UsageError("--listen \"" + text + "\": " + address.getHostAddress() + " is not a loopback"
                    + " address; dnsd only listens on 127.0.0.0/8 or ::1");
        }
        return new Loopback(address, port);
    }

    private static byte[] ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** Formats {@code 127.0.0.1:53} or {@code [::1]:53} with the given port. */
    String format(int actualPort) {
        return (ipv6() ? "[::1]" : address.getHostAddress()) + ":" + actualPort;
    }

    @Override
    public String toString() {
        return format(port);
    }
}
