package io.jail4j.tcpd;

import java.util.Set;

/**
 * One host pattern as libwrap's {@code host_match} (Debian) applies it to a client or server
 * endpoint, tried in this order: {@code @netgroup}; {@code /list/file}; {@code KNOWN} (name and
 * address known); {@code LOCAL} (a known name without a dot); {@code net/mask} (IPv4 with a
 * dotted or a length mask, IPv6 as {@code [net]/length}); otherwise a {@link StringPattern} on
 * the address, and also on the name when the pattern is not made of digits, dots and slashes.
 */
final class HostPattern {
    enum Kind { NETGROUP, LIST, KNOWN, LOCAL, MASKED, STRING }

    final Kind kind;
    final String text;
    final ListFile list;
    final StringPattern string;
    final boolean alsoName;
    // net/mask
    final boolean v4ok;
    final long net;
    final long mask;
    private final byte[] net6;
    private final int prefix6;

    private HostPattern(Kind kind, String text, ListFile list, StringPattern string, boolean alsoName,
                        boolean v4ok, long net, long mask, byte[] net6, int prefix6) {
        this.kind = kind;
        this.text = text;
        this.list = list;
        this.string = string;
        this.alsoName = alsoName;
        this.v4ok = v4ok;
        this.net = net;
        this.mask = mask;
        this.net6 = net6;
        this.prefix6 = prefix6;
    }

    /**
     * Compiles a host pattern; {@code lists} loads {@code /path} list files (before any chroot).
     */
    static HostPattern of(String tok, Set<String> interfaces, ListFile.Loader lists) throws HostsFileException {
        if (!tok.isEmpty() && tok.charAt(0) == '@') {
            return new HostPattern(Kind.NETGROUP, tok, null, null, false, false, 0, 0, null, 0);
        }
        if (!tok.isEmpty() && tok.charAt(0) == '/') {
            return new HostPattern(Kind.LIST, tok, lists.load(tok), null, false, false, 0, 0, null, 0);
        }
        if (CText.eqIgnoreCase(tok, "KNOWN")) {
            return new HostPattern(Kind.KNOWN, tok, null, null, false, false, 0, 0, null, 0);
        }
        if (CText.eqIgnoreCase(tok, "LOCAL")) {
            return new HostPattern(Kind.LOCAL, tok, null, null, false, false, 0, 0, null, 0);
        }
        int slash = CText.splitAt(tok, 0, '/');
        if (slash >= 0) {
            String netText = tok.substring(0, slash);
            String maskText = tok.substring(slash + 1);
            // masked_match4: the net and a dotted mask through dot_quad_addr, else a length through
            // cidr_mask_addr, whose 0 means "bad"; a dotted 0.0.0.0 is a valid mask that matches every
            // address dot_quad_addr reads (and 255.255.255.255 is INADDR_NONE: never a mask)
            long n = CNumbers.dotQuad(netText);
            long m = CNumbers.dotQuad(maskText);
            boolean maskOk = m != CNumbers.NONE;
            if (!maskOk) {
                m = CNumbers.cidrMask(maskText);
                maskOk = m != 0;
            }
            byte[] n6 = null;
            int p6 = -1;
            if (netText.length() >= 2 && netText.charAt(0) == '[' && netText.charAt(netText.length() - 1) == ']') {
                n6 = Inet6.parse(netText.substring(1, netText.length() - 1), interfaces);
                long p = CNumbers.strtol(maskText) & 0xFFFF_FFFFL;
                p6 = p > 128 ? -1 : (int) p;
            }
            return new HostPattern(Kind.MASKED, tok, null, null, false, n != CNumbers.NONE && maskOk, n, m,
                    p6 < 0 ? null : n6, p6);
        }
        boolean digitsDotsSlashes = true;
        for (int i = 0; i < tok.length(); i++) {
            if ("01234567890./".indexOf(tok.charAt(i)) < 0) {
                digitsDotsSlashes = false;
                break;
            }
        }
        return new HostPattern(Kind.STRING, tok, null, StringPattern.of(tok, interfaces), !digitsDotsSlashes,
                false, 0, 0, null, 0);
    }

    boolean matches(Endpoint host, MatchContext ctx) {
        switch (kind) {
            case NETGROUP:
                return false; // no NIS in a jail: jail4j never looks netgroups up (libwrap: innetgr)
            case LIST:
                return list.matches(host, ctx);
            case KNOWN:
                return host.addrKnown() && host.nameKnown();
            case LOCAL:
                return host.rawName.indexOf('.') < 0 && host.nameKnown();
            case MASKED:
                return maskedMatches(host, ctx);
            default:
                return string.matches(host.addr(), ctx) || alsoName && string.matches(host.name(), ctx);
        }
    }

    private boolean maskedMatches(Endpoint host, MatchContext ctx) {
        Endpoint.V4 v = host.v4();
        if (v.mapped()) {
            return v4ok && (v.value() & mask) == net;
        }
        if (v4ok && v.value() != CNumbers.NONE && (v.value() & mask) == net) {
            return true;
        }
        if (net6 == null) {
            return false; // no [v6net]/len: the address need not be parsed as IPv6
        }
        byte[] a = host.rawV6(ctx.interfaces);
        if (a == null) {
            return false;
        }
        int bits = prefix6;
        for (int i = 0; i < 16 && bits > 0; i++, bits -= 8) {
            int m = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if (((a[i] ^ net6[i]) & m) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether matching may look at the host name (so a name lookup is needed). */
    boolean needsName() {
        switch (kind) {
            case KNOWN:
            case LOCAL:
                return true;
            case LIST:
                return list.needsName();
            case STRING:
                // ALL matches the address first; an unparsable [x] never matches
                return alsoName && string.kind != StringPattern.Kind.ALL && string.kind != StringPattern.Kind.NEVER;
            default:
                return false;
        }
    }

    /** Returns whether this is an IPv6 {@code [net]/length} pattern that can match. */
    boolean hasNet6() {
        return net6 != null;
    }

    @Override
    public String toString() {
        return CText.text(text);
    }
}
