package io.jail4j.tcpd;

import java.util.Set;

/**
 * One entry of a client list, as libwrap's {@code client_match} applies it: {@code host} or
 * {@code user@host}, a {@link HostPattern} on the client endpoint and a {@link StringPattern} on
 * the user name.
 */
final class ClientToken implements PatternList.Item {
    final String text;
    final HostPattern host;
    private final StringPattern user;

    private ClientToken(String text, HostPattern host, StringPattern user) {
        this.text = text;
        this.host = host;
        this.user = user;
    }

    static ClientToken of(String tok, Set<String> interfaces, ListFile.Loader lists) throws HostsFileException {
        int at = CText.splitAt(tok, 1, '@');
        if (at < 0) {
            return new ClientToken(tok, HostPattern.of(tok, interfaces, lists), null);
        }
        return new ClientToken(tok, HostPattern.of(tok.substring(at + 1), interfaces, lists),
                StringPattern.of(tok.substring(0, at), interfaces));
    }

    @Override
    public boolean matches(Request r, MatchContext ctx) {
        return host.matches(r.client(), ctx) && (user == null || user.matches(r.userSubject(), ctx));
    }

    /** Returns whether only the host part decides (no {@code user@}). */
    boolean hostOnly() {
        return user == null;
    }

    @Override
    public String toString() {
        return CText.text(text);
    }
}
