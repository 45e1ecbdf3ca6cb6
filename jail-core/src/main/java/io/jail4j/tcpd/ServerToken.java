package io.jail4j.tcpd;

import java.util.Set;

/**
 * One entry of a daemon list, as libwrap's {@code server_match} applies it: {@code daemon} or
 * {@code daemon@host}, where {@code daemon} is a port number (0-65535, compared with the server
 * port, Debian) or a {@link StringPattern} on the daemon name, and {@code host} a
 * {@link HostPattern} on the server endpoint.
 */
final class ServerToken implements PatternList.Item {
    final String text;
    private final long port;
    private final StringPattern daemon;
    private final HostPattern host;

    private ServerToken(String text, long port, StringPattern daemon, HostPattern host) {
        this.text = text;
        this.port = port;
        this.daemon = daemon;
        this.host = host;
    }

    static ServerToken of(String tok, Set<String> interfaces, ListFile.Loader lists) throws HostsFileException {
        int at = CText.splitAt(tok, 1, '@');
        String name = at < 0 ? tok : tok.substring(0, at);
        HostPattern host = at < 0 ? null : HostPattern.of(tok.substring(at + 1), interfaces, lists);
        Long port = CNumbers.scanWhole(name, 10, false);
        if (port != null && port <= 0xFFFF) {
            return new ServerToken(tok, port, null, host);
        }
        return new ServerToken(tok, -1, StringPattern.of(name, interfaces), host);
    }

    @Override
    public boolean matches(Request r, MatchContext ctx) {
        boolean daemonMatches = daemon == null ? r.serverPort() >= 0 && r.serverPort() == port
                : daemon.matches(r.daemonSubject(), ctx);
        return daemonMatches && (host == null || host.matches(r.server(), ctx));
    }

    /** Returns whether this entry's {@code @host} part compares the server's host name. */
    boolean needsHostName() {
        return host != null && host.needsName();
    }

    /** Returns the lowered daemon name this entry matches exactly and alone, or {@code null}. */
    String literal() {
        return host == null && daemon != null && daemon.kind == StringPattern.Kind.EXACT ? daemon.lower : null;
    }

    @Override
    public String toString() {
        return CText.text(text);
    }
}
