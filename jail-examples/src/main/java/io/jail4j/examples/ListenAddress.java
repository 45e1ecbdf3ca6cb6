package io.jail4j.examples;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An address and port to listen on, parsed from {@code 127.0.0.1:79} or {@code [::1]:79} without
 * any name lookup, shared by the example daemons. The demo and dnsd accept only 127.0.0.0/8 and
 * ::1 (they tell their clients about the machine, or serve a demo zone, and must not be reachable
 * from elsewhere); ftpd takes any literal.
 */
public final class ListenAddress {
    private final InetAddress address;
    private final int port;

    private ListenAddress(InetAddress address, int port) {
        this.address = address;
        this.port = port;
    }

    /**
     * Parses {@code ADDR:PORT}, where ADDR is an IPv4 literal or a bracketed IPv6 literal and PORT
     * is 0 (any free port) to 65535. With {@code loopbackOnlyFor} (the daemon's name for the
     * message) only loopback addresses are accepted; null accepts any.
     *
     * @param text the option's value, such as {@code 127.0.0.1:79} or {@code [::1]:0}
     * @param loopbackOnlyFor the daemon's name, to accept only 127.0.0.0/8 and ::1; null for any
     *        address
     * @return the parsed address and port
     * @throws IllegalArgumentException naming the option, the text and what is wrong with it
     */
    public static ListenAddress parse(String text, String loopbackOnlyFor) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--listen \"" + text + "\": expected ADDR:PORT, such as 127.0.0.1:79"
                    + " or [::1]:79");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        int port = portText.length() <= 5 && portText.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Integer.parseInt(portText) : -1;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen \"" + text + "\": port \"" + portText
                    + "\" is not a number in 0..65535");
        }
        byte[] ipv4 = ipv4(host);
        boolean ipv6 = host.length() > 2 && host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0
                && host.chars().allMatch(c -> c == '[' || c == ']' || c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (ipv4 == null && !ipv6) {
            throw new IllegalArgumentException("--listen \"" + text + "\": \"" + host + "\" is not an IP address"
                    + " literal (such as 127.0.0.1 or [::1]); names are not looked up");
        }
        InetAddress address;
        try {
            // neither form makes a name lookup: raw bytes, or a literal with ':' (always parsed as IPv6)
            address = ipv4 != null ? InetAddress.getByAddress(ipv4) : InetAddress.getByName(host.substring(1, host.length() - 1));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen \"" + text + "\": \"" + host + "\" is not a valid IP address");
        }
        if (loopbackOnlyFor != null && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("--listen \"" + text + "\": " + address.getHostAddress()
                    + " is not a loopback address; " + loopbackOnlyFor + " only listens on 127.0.0.0/8 or ::1");
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

    /**
     * Returns the address.
     *
     * @return the address of the literal given to {@link #parse(String, String)} (never the result
     *         of a name lookup)
     */
    public InetAddress address() {
        return address;
    }

    /**
     * Returns the port; 0 means any free port.
     *
     * @return the port as written, 0 to 65535
     */
    public int port() {
        return port;
    }

    /**
     * Returns whether the address is an IPv6 address.
     *
     * @return true for a bracketed IPv6 literal, false for an IPv4 one and for an IPv4-mapped
     *         literal such as {@code [::ffff:127.0.0.1]}, which Java parses as IPv4
     */
    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /**
     * Returns the address and port to bind.
     *
     * @return a new resolved socket address (port 0 for any free port)
     */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /**
     * Formats this address with another port, as {@code 127.0.0.1:53} or {@code [::1]:53}.
     *
     * @param actualPort the port to show, such as the one a port 0 was bound to
     * @return the address and port, an IPv6 address in brackets
     */
    public String format(int actualPort) {
        return format(address, actualPort);
    }

    /**
     * Formats an address and port as {@code 127.0.0.1:79} or {@code [::1]:79}.
     *
     * @param address the address; an IPv6 loopback address is shown as {@code ::1}
     * @param port the port to show
     * @return the address and port, an IPv6 address in brackets
     */
    public static String format(InetAddress address, int port) {
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
