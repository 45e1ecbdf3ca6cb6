package io.jail4j.tcpd;

/**
 * The C library's number parsing as libwrap uses it, in the C locale: {@code inet_addr} (behind
 * libwrap's {@code dot_quad_addr}), {@code strtol}, and whole-token {@code sscanf} conversions.
 */
final class CNumbers {
    static final long NONE = 0xFFFF_FFFFL;

    private CNumbers() {
    }

    /** {@code strtol(s, NULL, 10)}: leading blanks, a sign, decimal digits, clamped on overflow. */
    static long strtol(String s) {
        int i = 0;
        while (i < s.length() && CText.isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long value = 0;
        boolean overflow = false;
        for (; i < s.length() && CText.isDigit(s.charAt(i)); i++) {
            int d = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                value = value * 10 + d;
            }
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }

    /**
     * {@code sscanf(s, "%<conv>%c", &v, &c) == 1} for a whole token: the value as the scanf
     * conversion stores it (an {@code int} or {@code unsigned}), or {@code null} if the token is
     * not exactly one number. {@code radix} is 10 or 8; {@code signedInt} picks {@code %d}.
     */
    static Long scanWhole(String s, int radix, boolean signedInt) {
        int i = 0;
        while (i < s.length() && CText.isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        java.math.BigInteger magnitude = java.math.BigInteger.ZERO;
        java.math.BigInteger base = java.math.BigInteger.valueOf(radix);
        for (; i < s.length() && s.charAt(i) >= '0' && s.charAt(i) < '0' + radix; i++) {
            magnitude = magnitude.multiply(base).add(java.math.BigInteger.valueOf(s.charAt(i) - '0'));
        }
        if (i == start || i != s.length()) {
            return null;
        }
        long stored;
        if (signedInt) {
            // strtol clamps to the long range, then scanf stores the low 32 bits in the int
            java.math.BigInteger v = negative ? magnitude.negate() : magnitude;
            long clamped = v.bitLength() < 64 ? v.longValue() : (negative ? Long.MIN_VALUE : Long.MAX_VALUE);
            stored = (int) clamped;
        } else {
            // strtoul: out of range gives ULONG_MAX; a minus sign negates modulo 2^64
            long v = magnitude.bitLength() <= 64 ? magnitude.longValue() : -1L;
            if (negative && magnitude.bitLength() <= 64) {
                v = -v;
            }
            stored = v & 0xFFFF_FFFFL;
        }
        return stored;
    }

    /**
     * libwrap's {@code dot_quad_addr}: exactly four runs of non-dot characters, then
     * {@code inet_addr}; the address as an unsigned 32-bit value in network order, or
     * {@link #NONE} (which {@code 255.255.255.255} also returns, as in C).
     */
    static long dotQuad(String s) {
        if (s.isEmpty() || !CText.isDigit(s.charAt(0))) {
            return NONE; // inet_addr needs a digit first
        }
        long quick = plainQuad(s);
        if (quick >= 0) {
            return quick;
        }
        int runs = 0;
        boolean inRun = false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                inRun = false;
            } else if (!inRun) {
                inRun = true;
                runs++;
            }
        }
        return runs == 4 ? inetAddr(s) : NONE;
    }

    /**
     * Parses the common form {@code a.b.c.d} (decimal, no leading zeros, each 0-255) in one pass;
     * -1 for anything else, which then takes the general path.
     */
    private static long plainQuad(String s) {
        long value = 0;
        int part = 0;
        int digits = 0;
        int parts = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits > 0 && part == 0 || ++digits > 3) {
                    return -1;
                }
                part = part * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && parts < 3) {
                if (part > 255) {
                    return -1;
                }
                value = value << 8 | part;
                parts++;
                part = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (parts != 3 || digits == 0 || part > 255) {
            return -1;
        }
        return value << 8 | part;
    }

    /** glibc's {@code inet_addr}: 1-4 parts in decimal, octal or hex, trailing blanks allowed. */
    static long inetAddr(String s) {
        long[] max = {0xFFFF_FFFFL, 0xFF_FFFFL, 0xFFFFL, 0xFFL};
        long res = 0;
        int parts = 0;
        int i = 0;
        long val;
        while (true) {
            if (i >= s.length() || !CText.isDigit(s.charAt(i))) {
                return NONE;
            }
            int radix = 10;
            if (s.charAt(i) == '0') {
                radix = 8;
                if (i + 2 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                        && digitIn(s.charAt(i + 2), 16) >= 0) {
                    radix = 16;
                    i += 2;
                }
            }
            val = 0;
            boolean big = false;
            for (; i < s.length() && digitIn(s.charAt(i), radix) >= 0; i++) {
                val = val * radix + digitIn(s.charAt(i), radix);
                if (val > 0xFFFF_FFFFL) {
                    big = true;
                    val = 0xFFFF_FFFFL + 1;
                }
            }
            if (big) {
                return NONE;
            }
            if (i < s.length() && s.charAt(i) == '.') {
                if (parts > 2 || val > 0xFF) {
                    return NONE;
                }
                res |= val << (24 - 8 * parts);
                parts++;
                i++;
            } else {
                break;
            }
        }
        if (i < s.length() && !CText.isSpace(s.charAt(i))) {
            return NONE;
        }
        if (val > max[parts]) {
            return NONE;
        }
        return res | val;
    }

    private static int digitIn(char c, int radix) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
        return d < radix ? d : -1;
    }

    /** libwrap's {@code cidr_mask_addr}: {@code strtol}, low 32 bits 1-32 give a mask; else 0. */
    static long cidrMask(String s) {
        int bits = (int) strtol(s);
        if (bits < 1 || bits > 32) {
            return 0;
        }
        return (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
    }
}
