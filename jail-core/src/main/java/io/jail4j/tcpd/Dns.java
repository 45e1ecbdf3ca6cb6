package io.jail4j.tcpd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal DNS stub resolver over UDP (RFC 1035): PTR, A and AAAA questions to the configured
 * name servers, each tried {@code attempts} times with a timeout, answers matched by id and
 * question. It needs no file and no native code once configured, so it keeps working after the
 * chroot. A truncated answer counts as no answer (no TCP retry).
 */
final class Dns {
    static final int A = 1;
    static final int CNAME = 5;
    static final int PTR = 12;
    static final int AAAA = 28;

    /** An answer: the records of the asked type (names or address bytes) and the lowest TTL. */
    record Answer(List<Object> records, String canonical, long ttlSeconds, boolean found) {
    }

    private static final SecureRandom IDS = new SecureRandom();

    private final List<InetSocketAddress> servers;
    private final int timeoutMillis;
    private final int attempts;

    Dns(List<InetSocketAddress> servers, int timeoutMillis, int attempts) {
        this.servers = List.copyOf(servers);
        this.timeoutMillis = timeoutMillis;
        this.attempts = attempts;
    }

    /** Asks for {@code name}'s records of {@code type}; {@code null} if no server answered. */
    Answer query(String name, int type) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            for (InetSocketAddress server : servers) {
                try {
                    Answer a = ask(server, name, type);
                    if (a != null) {
                        return a;
                    }
                } catch (IOException e) {
                    // this server failed; try the next one
                }
            }
        }
        return null;
    }

    private Answer ask(InetSocketAddress server, String name, int type) throws IOException {
        int id = IDS.nextInt(0x10000);
        byte[] query = encode(id, name, type);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buf = new byte[4096];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                Answer a = decode(buf, p.getLength(), id, name, type);
                if (a != null) {
                    return a;
                }
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout(left);
            }
        }
    }

    static byte[] encode(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(id >> 8);
        out.write(id);
        out.write(0x01); // RD
        out.write(0);
        out.write(0);
        out.write(1); // one question
        for (int i = 0; i < 6; i++) {
            out.write(0);
        }
        writeName(out, name);
        out.write(type >> 8);
        out.write(type);
        out.write(0);
        out.write(1); // IN
        return out.toByteArray();
    }

    /** Returns whether {@code name} can be asked: labels of 1-63 bytes, at most 253 bytes in all. */
    static boolean askable(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        int label = 0;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c > 0xFF) {
                return false;
            }
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if (++label > 63) {
                return false;
            }
        }
        return label > 0;
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!n.isEmpty()) {
            for (String label : n.split("\\.", -1)) {
                byte[] b = label.getBytes(StandardCharsets.ISO_8859_1);
                if (b.length == 0 || b.length > 63) {
                    throw new IllegalArgumentException("bad DNS name: " + name);
                }
                out.write(b.length);
                out.write(b, 0, b.length);
            }
        }
        out.write(0);
    }

    /**
     * Decodes a response to our question; {@code null} if it is not one (wrong id, not a
     * response, another question, truncated or malformed).
     */
    static Answer decode(byte[] m, int len, int id, String name, int type) {
        try {
            if (len < 12 || ((m[0] & 0xFF) << 8 | m[1] & 0xFF) != id || (m[2] & 0x80) == 0 || (m[2] & 0x02) != 0) {
                return null;
            }
            int rcode = m[3] & 0x0F;
            int qd = u16(m, 4);
            int an = u16(m, 6);
            int[] pos = {12};
            if (qd != 1) {
                return null;
            }
            String qname = readName(m, len, pos);
            if (!qname.equalsIgnoreCase(strip(name)) || u16(m, pos[0]) != type) {
                return null;
            }
            pos[0] += 4;
            if (rcode == 3) {
                return new Answer(List.of(), null, 60, false); // NXDOMAIN
            }
            if (rcode != 0) {
                return null;
            }
            List<Object> records = new ArrayList<>();
            String canonical = strip(name);
            long ttl = Long.MAX_VALUE;
            for (int i = 0; i < an; i++) {
                String owner = readName(m, len, pos);
                int rtype = u16(m, pos[0]);
                long rttl = (long) u16(m, pos[0] + 4) << 16 | u16(m, pos[0] + 6);
                int rdlen = u16(m, pos[0] + 8);
                int rdata = pos[0] + 10;
                if (rdata + rdlen > len) {
                    return null;
                }
                if (rtype == CNAME && owner.equalsIgnoreCase(canonical)) {
                    int[] p = {rdata};
                    canonical = readName(m, len, p);
                } else if (rtype == type) {
                    if (type == PTR) {
                        int[] p = {rdata};
                        records.add(readName(m, len, p));
                    } else if (type == A && rdlen == 4 || type == AAAA && rdlen == 16) {
                        byte[] addr = new byte[rdlen];
                        System.arraycopy(m, rdata, addr, 0, rdlen);
                        records.add(addr);
                    }
                    ttl = Math.min(ttl, rttl);
                }
                pos[0] = rdata + rdlen;
            }
            return new Answer(records, canonical, ttl == Long.MAX_VALUE ? 60 : ttl, !records.isEmpty());
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static int u16(byte[] m, int at) {
        return (m[at] & 0xFF) << 8 | m[at + 1] & 0xFF;
    }

    /** Reads a possibly compressed name at {@code pos[0]}, advancing it past the name. */
    static String readName(byte[] m, int len, int[] pos) {
        StringBuilder out = new StringBuilder();
        int p = pos[0];
        int jumps = 0;
        boolean jumped = false;
        while (true) {
            if (p >= len) {
                throw new IndexOutOfBoundsException("name runs past the message");
            }
            int l = m[p] & 0xFF;
            if ((l & 0xC0) == 0xC0) {
                if (++jumps > 32) {
                    throw new IndexOutOfBoundsException("compression loop");
                }
                int target = (l & 0x3F) << 8 | m[p + 1] & 0xFF;
                if (!jumped) {
                    pos[0] = p + 2;
                    jumped = true;
                }
                p = target;
                continue;
            }
            if (l == 0) {
                if (!jumped) {
                    pos[0] = p + 1;
                }
                return out.toString();
            }
            if (l > 63 || p + 1 + l > len) {
                throw new IndexOutOfBoundsException("bad label");
            }
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(new String(m, p + 1, l, StandardCharsets.ISO_8859_1));
            p += 1 + l;
        }
    }

    /** Returns the PTR name for an address: {@code 4.3.2.1.in-addr.arpa} or nibbles in {@code ip6.arpa}. */
    static String reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder out = new StringBuilder();
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                out.append(b[i] & 0xFF).append('.');
            }
            return out.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            out.append(Integer.toHexString(b[i] & 0x0F)).append('.').append(Integer.toHexString((b[i] >> 4) & 0x0F))
                    .append('.');
        }
        return out.append("ip6.arpa").toString().toLowerCase(Locale.ROOT);
    }
}
