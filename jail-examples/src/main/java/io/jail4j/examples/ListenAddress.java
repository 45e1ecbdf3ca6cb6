package io.jail4j.examples;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A loopback address and port to listen on, parsed from {@code 127.0.0.1:79} or {@code [::1]:79}
 * without any name lookup. Only 127.0.0.0/8 and ::1 are accepted: the demo tells every client
 * about the machine, so it must not be reachable from elsewhere.
 */
final class ListenAddress {
    private final InetAddress address;
    private final int port;

    private ListenAddress(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    /**
     * Parses {@code ADDR:PORT}, where ADDR is an IPv4 literal in 127.0.0.0/8 or {@code [::1]},
     * and PORT is 0 (any free port) to 65535.
     */
    static ListenAddress parse(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("--listen \"" + text + "\": expected ADDR:PORT, such as 127.0.0.1:79 or [::1]:79");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new UsageException("--listen \"" + text + "\": port \"" + portText + "\" is not a number in 0..65535");
        }
        byte[] ipv4 = ipv4(host);
        boolean ipv6 = host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0;
        if (ipv4 == null && !ipv6) {
            throw new UsageException("--listen \"" + text + "\": \"" + host + "\" is not an IP address literal;"
                    + " use 127.0.0.1 (or another 127.x.y.z) or [::1]");
        }
        InetAddress address;
        try {
            // neither form makes a name lookup: raw bytes, or a literal with ':' (always parsed as IPv6)
            address = ipv4 != null ? InetAddress.getByAddress(ipv4) : InetAddress.getByName(host.substring(1, host.length() - 1));
        } catch (UnknownHostException e) {
            throw new UsageException("--listen \"" + text + "\": \"" + host + "\" is not a valid IP address");
        }
        if (!address.isLoopbackAddress()) {
            throw new UsageException("--listen \"" + text + "\": " + address.getHostAddress() + " is not a loopback"
                    + " address; the demo only listens on 127.0.0.0/8 or ::1");
        }
        return new ListenAddress(address, port);
    }

    /** Returns the four bytes of a dotted-quad literal such as {@code 127.0.0.1}, or null. */
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

    InetAddress address() {
        return address;
    }

    int port() {
        return port;
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** Formats an address and port as {@code 127.0.0.1:79} or {@code [::1]:79}. */
    static String format(InetAddress address, int port) {
        if (address instanceof Inet6Address) {
            return "[" + (address.isLoopbackAddress() ? "::1" : address.getHostAddress()) + "]:" + port;
        }
        return address.getHostAddress() + ":" + port;
    }

    @Override
    public String toString() {
        return format(address, port);
    }
}
