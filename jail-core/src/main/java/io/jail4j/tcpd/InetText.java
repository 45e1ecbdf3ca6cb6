package io.jail4j.tcpd;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses as libwrap prints them ({@code getnameinfo} with {@code NI_NUMERICHOST}, that is
 * glibc's {@code inet_ntop}): IPv4 dotted quads; IPv6 in lower case with the longest run of two
 * or more zero groups as {@code ::}, and {@code ::ffff:a.b.c.d} or {@code ::a.b.c.d} for
 * IPv4-mapped and IPv4-compatible addresses.
 */
final class InetText {
    private InetText() {
    }

    static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (b[2 * i] & 0xFF) << 8 | b[2 * i + 1] & 0xFF;
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    out.append(':');
                }
                continue;
            }
            if (i != 0) {
                out.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 5 && w[5] == 0xFFFF)) {
                out.append(b[12] & 0xFF).append('.').append(b[13] & 0xFF).append('.').append(b[14] & 0xFF).append('.')
                        .append(b[15] & 0xFF);
                break;
            }
            out.append(Integer.toHexString(w[i]));
        }
        if (bestBase >= 0 && bestBase + bestLen == 8) {
            out.append(':');
        }
        if (address instanceof Inet6Address && ((Inet6Address) address).getScopeId() != 0) {
            Inet6Address a = (Inet6Address) address;
            out.append('%').append(a.getScopedInterface() != null ? a.getScopedInterface().getName()
                    : Integer.toString(a.getScopeId()));
        }
        return out.toString();
    }
}
