package io.jail4j.tcpd;

/**
 * One end of a connection as libwrap's {@code host_info} holds it after evaluation: a host name
 * and an address, each {@code unknown} when not given. A name may also be {@code paranoid} (a
 * name that did not map back to the address, see {@link HostResolver}). What matching derives
 * from them is computed on first use, into objects with final fields, so that a request shared
 * between threads is at worst computed twice.
 */
final class Endpoint {
    static final String UNKNOWN = "unknown";
    static final String PARANOID = "paranoid";
    /** The subject of every unknown name (most clients): immutable but for a cache, so shared. */
    private static final Subject UNKNOWN_NAME = new Subject(UNKNOWN);

    /** The IPv4 value net/mask patterns compare, and whether it came from {@code ::ffff:a.b.c.d}. */
    record V4(long value, boolean mapped) {
    }

    /** {@code eval_hostname}: the name as given, or {@code unknown}. */
    final String rawName;
    /** {@code eval_hostaddr}: the address as given, or {@code unknown}. */
    final String rawAddr;
    private Subject name;
    private Subject addr;
    private V4 v4;
    private Subject.V6 rawV6;

    private final boolean addrLower;

    Endpoint(String name, String addr) {
        this(name, addr, false);
    }

    /** {@code addrLower}: the caller found the address ASCII without capitals. */
    Endpoint(String name, String addr, boolean addrLower) {
        this.rawName = name.isEmpty() ? UNKNOWN : name;
        this.rawAddr = addr.isEmpty() ? UNKNOWN : addr;
        this.addrLower = addrLower;
    }

    Subject name() {
        Subject s = name;
        if (s == null) {
            s = rawName == rawAddr ? addr() : rawName == UNKNOWN ? UNKNOWN_NAME : new Subject(rawName);
            name = s;
        }
        return s;
    }

    Subject addr() {
        Subject s = addr;
        if (s == null) {
            s = new Subject(rawAddr, addrLower);
            addr = s;
        }
        return s;
    }

    /** Returns the IPv4 value for net/mask patterns ({@link CText#NONE} if there is none). */
    V4 v4() {
        V4 v = v4;
        if (v == null) {
            long direct = CNumbers.dotQuad(rawAddr);
            boolean cut = direct == CNumbers.NONE && rawAddr.length() > 7 && rawAddr.charAt(0) == ':'
                    && rawAddr.regionMatches(true, 0, "::ffff:", 0, 7)
                    && CNumbers.dotQuad(rawAddr.substring(7)) != CNumbers.NONE;
            v = new V4(direct != CNumbers.NONE ? direct : cut ? CNumbers.dotQuad(rawAddr.substring(7)) : CNumbers.NONE, cut);
            v4 = v;
        }
        return v;
    }

    /** libwrap's {@code HOSTNAME_KNOWN}: the name is neither {@code unknown} nor {@code paranoid}. */
    boolean nameKnown() {
        return !CText.eqIgnoreCase(rawName, UNKNOWN) && !CText.eqIgnoreCase(rawName, PARANOID);
    }

    boolean addrKnown() {
        return !CText.eqIgnoreCase(rawAddr, UNKNOWN);
    }

    /** Returns the IPv6 bytes of the raw address (net/mask patterns), or {@code null}. */
    byte[] rawV6(java.util.Set<String> interfaces) {
        Subject.V6 v = rawV6;
        if (v == null) {
            v = new Subject.V6(Inet6.parse(rawAddr, interfaces));
            rawV6 = v;
        }
        return v.bytes();
    }

    /** {@code eval_hostinfo}: the name if known, else the address. */
    String info() {
        return nameKnown() ? rawName : rawAddr;
    }
}
