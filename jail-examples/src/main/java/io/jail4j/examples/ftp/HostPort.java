package io.jail4j.examples.ftp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses {@code PORT} and {@code EPRT} arguments and formats {@code PASV}/{@code EPSV} replies.
 * An active target must be the control connection's own client address and a port from 1024 up:
 * anything else would let a client make the server connect elsewhere (the FTP bounce attack).
 * Only address literals are accepted; no name is ever looked up.
 */
final class HostPort {
    /** A refused argument; the message is the whole reply line. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reply) {
            super(reply);
        }
    }

    static final String ILLEGAL_PORT = "500 Illegal PORT command.";
    static final String ILLEGAL_EPRT = "500 Illegal EPRT command.";
    static final String BAD_EPRT = "500 Bad EPRT command.";
    static final String BAD_PROTOCOL = "522 Bad network protocol, use (1,2).";

    private HostPort() {
    }

    /** Parses {@code h1,h2,h3,h4,p1,p2} and checks it against the client's address. */
    static InetSocketAddress port(String arg, InetAddress client) throws Refused {
        String[] parts = arg.trim().split(",", -1);
        if (parts.length != 6 || !(client instanceof Inet4Address)) {
            throw new Refused(ILLEGAL_PORT);
        }
        byte[] ip = new byte[4];
        int[] p = new int[2];
        for (int i = 0; i < 6; i++) {
            int v = octet(parts[i]);
            if (v < 0) {
                throw new Refused(ILLEGAL_PORT);
            }
            if (i < 4) {
                ip[i] = (byte) v;
            } else {
                p[i - 4] = v;
            }
        }
        return checked(address(ip), p[0] * 256 + p[1], client, ILLEGAL_PORT);
    }

    /** Parses {@code |af|address|port|} (any printable delimiter) and checks it. */
    static InetSocketAddress eprt(String arg, InetAddress client) throws Refused {
        if (arg.length() < 7) {
            throw new Refused(BAD_EPRT);
        }
        char d = arg.charAt(0);
        if (d < 33 || d > 126 || arg.charAt(arg.length() - 1) != d) {
            throw new Refused(BAD_EPRT);
        }
        String[] f = arg.substring(1, arg.length() - 1).split(java.util.regex.Pattern.quote(String.valueOf(d)), -1);
        if (f.length != 3) {
            throw new Refused(BAD_EPRT);
        }
        InetAddress address;
        if (f[0].equals("1")) {
            byte[] ip = dottedQuad(f[1]);
            if (ip == null) {
                throw new Refused(BAD_EPRT);
            }
            address = address(ip);
        } else if (f[0].equals("2")) {
            address = ipv6(f[1]);
        } else {
            throw new Refused(BAD_PROTOCOL);
        }
        if (address.getClass() != client.getClass()) {
            throw new Refused(BAD_PROTOCOL);
        }
        if (f[2].isEmpty() || f[2].length() > 5 || !f[2].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refused(BAD_EPRT);
        }
        return checked(address, Integer.parseInt(f[2]), client, ILLEGAL_EPRT);
    }

    private static InetSocketAddress checked(InetAddress address, int port, InetAddress client, String reply)
            throws Refused {
        if (!address.equals(client) || port < 1024 || port > 65535) {
            throw new Refused(reply);
        }
        return new InetSocketAddress(address, port);
    }

    /** Formats the 227 reply for a listener on an IPv4 address. */
    static String pasvReply(InetAddress local, int port) {
        byte[] a = local.getAddress();
        return "227 Entering Passive Mode (" + (a[0] & 255) + "," + (a[1] & 255) + "," + (a[2] & 255) + ","
                + (a[3] & 255) + "," + (port >> 8) + "," + (port & 255) + ").";
    }

    /** Formats the 229 reply. */
    static String epsvReply(int port) {
        return "229 Entering Extended Passive Mode (|||" + port + "|)";
    }

    /** Returns the RFC 2428 protocol number of an address: 1 for IPv4, 2 for IPv6. */
    static String family(InetAddress a) {
        return a instanceof Inet6Address ? "2" : "1";
    }

    private static int octet(String s) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int v = Integer.parseInt(s);
        return v > 255 ? -1 : v;
    }

    /** Returns the bytes of a strict dotted quad, or null. */
    static byte[] dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = octet(parts[i]);
            if (v < 0) {
                return null;
            }
            ip[i] = (byte) v;
        }
        return ip;
    }

    private static InetAddress ipv6(String s) throws Refused {
        if (s.indexOf(':') < 0 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw new Refused(BAD_EPRT);
        }
        try {
            return InetAddress.getByName(s); // a literal with ':' is parsed, never looked up
        } catch (UnknownHostException e) {
            throw new Refused(BAD_EPRT);
        }
    }

    private static InetAddress address(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
