package io.jail4j.tcpd;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;

/**
 * IPv6 text to bytes exactly as libwrap gets it: {@code getaddrinfo(s, NULL, {AF_INET6,
 * AI_NUMERICHOST})} in glibc, which is {@code inet_pton(AF_INET6)} plus an optional
 * {@code %scope}. IPv4 text is refused (no {@code AI_V4MAPPED}). The scope is checked but not
 * kept: libwrap compares addresses only.
 */
final class Inet6 {
    private Inet6() {
    }

    /** Returns the 16 address bytes, or {@code null} where glibc's {@code getaddrinfo} fails. */
    static byte[] parse(String s, Set<String> interfaces) {
        int percent = s.indexOf('%');
        byte[] addr = pton(s, 0, percent < 0 ? s.length() : percent);
        if (addr == null || percent < 0) {
            return addr;
        }
        String scope = s.substring(percent + 1);
        boolean linkScoped = (addr[0] & 0xFF) == 0xFE && (addr[1] & 0xC0) == 0x80
                || (addr[0] & 0xFF) == 0xFF && ((addr[1] & 0x0F) == 1 || (addr[1] & 0x0F) == 2);
        if (linkScoped && interfaces.contains(scope)) {
            return addr;
        }
        if (scope.isEmpty() || !CText.isDigit(scope.charAt(0))) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (!CText.isDigit(c)) {
                return null;
            }
            value = value * 10 + (c - '0');
            if (value > 0xFFFF_FFFFL) {
                return null;
            }
        }
        return addr;
    }

    /** glibc's {@code inet_pton6} on {@code s[from, to)}. */
    static byte[] pton(String s, int from, int to) {
        byte[] tmp = new byte[16];
        int tp = 0;
        int colonp = -1;
        int src = from;
        if (src == to) {
            return null;
        }
        if (s.charAt(src) == ':') {
            src++;
            if (src == to || s.charAt(src) != ':') {
                return null;
            }
        }
        int curtok = src;
        int xdigits = 0;
        int val = 0;
        while (src < to) {
            char ch = s.charAt(src++);
            int digit = ch < 0x80 ? Character.digit(ch, 16) : -1;
            if (digit >= 0) {
                if (xdigits == 4) {
                    return null;
                }
                val = (val << 4) | digit;
                if (val > 0xFFFF) {
                    return null;
                }
                xdigits++;
                continue;
            }
            if (ch == ':') {
                curtok = src;
                if (xdigits == 0) {
                    if (colonp >= 0) {
                        return null;
                    }
                    colonp = tp;
                    continue;
                } else if (src == to) {
                    return null;
                }
                if (tp + 2 > 16) {
                    return null;
                }
                tmp[tp++] = (byte) (val >> 8);
                tmp[tp++] = (byte) val;
                xdigits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16 && pton4(s, curtok, to, tmp, tp)) {
                tp += 4;
                xdigits = 0;
                break;
            }
            return null;
        }
        if (xdigits > 0) {
            if (tp + 2 > 16) {
                return null;
            }
            tmp[tp++] = (byte) (val >> 8);
            tmp[tp++] = (byte) val;
        }
        if (colonp >= 0) {
            if (tp == 16) {
                return null;
            }
            int n = tp - colonp;
            System.arraycopy(tmp, colonp, tmp, 16 - n, n);
            for (int i = colonp; i < 16 - n; i++) {
                tmp[i] = 0;
            }
            tp = 16;
        }
        return tp == 16 ? tmp : null;
    }

    /** glibc's {@code inet_pton4}: strict dotted quad, no leading zeros, into {@code dst[at..]}. */
    private static boolean pton4(String s, int from, int to, byte[] dst, int at) {
        int[] parts = new int[4];
        int octets = 0;
        boolean sawDigit = false;
        int cur = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                int next = parts[cur] * 10 + (ch - '0');
                if (sawDigit && parts[cur] == 0) {
                    return false;
                }
                if (next > 255) {
                    return false;
                }
                parts[cur] = next;
                if (!sawDigit) {
                    if (++octets > 4) {
                        return false;
                    }
                    sawDigit = true;
                }
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return false;
                }
                cur++;
                sawDigit = false;
            } else {
                return false;
            }
        }
        if (octets < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            dst[at + i] = (byte) parts[i];
        }
        return true;
    }

    /** Returns the names of this host's network interfaces (for {@code %scope}), read now. */
    static Set<String> interfaceNames() {
        Set<String> names = new HashSet<>();
        try {
            Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
            if (all != null) {
                for (NetworkInterface n : Collections.list(all)) {
                    names.add(n.getName());
                }
            }
        } catch (SocketException e) {
            // no interface list (as after a chroot): only numeric scopes parse
        }
        return Set.copyOf(names);
    }
}
