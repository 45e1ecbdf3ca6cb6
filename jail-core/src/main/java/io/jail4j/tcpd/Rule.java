package io.jail4j.tcpd;


/** One access rule, {@code daemon_list : client_list [ : options ]}, as read from a file. */
final class Rule {
    /** Position in its table, from 0. */
    final int index;
    /** The line libwrap reports ({@code tcpd_context.line}: the last physical line read). */
    final int line;
    /** The logical line as read (a byte string, continuations joined, without the newline). */
    final String text;
    final PatternList<ServerToken> daemons;
    final PatternList<ClientToken> clients;
    /** The options, or {@code null} when the rule has no options field. */
    final Options options;

    Rule(int index, int line, String text, PatternList<ServerToken> daemons, PatternList<ClientToken> clients,
         Options options) {
        this.index = index;
        this.line = line;
        this.text = text;
        this.daemons = daemons;
        this.clients = clients;
        this.options = options;
    }

    boolean matches(Request r, MatchContext ctx) {
        return daemons.matches(r, ctx) && clients.matches(r, ctx);
    }

    /** Returns whether checking this rule may need the client's host name. */
    boolean needsClientName() {
        for (java.util.List<ClientToken> seg : clients.segments) {
            for (ClientToken t : seg) {
                if (t.host.needsName()) {
                    return true;
                }
            }
        }
        if (options != null) {
            for (Options.Step s : options.steps) {
                if (s.banners != null || s.value != null && s.expand && expandsClientName(s.value)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns whether checking this rule may need the server's host name: a {@code daemon@host}
     * entry whose host pattern compares names, or an expansion of {@code %N}, {@code %H} or
     * {@code %s} (libwrap's {@code eval_hostinfo} on the server looks its name up as for the
     * client).
     */
    boolean needsServerName() {
        for (java.util.List<ServerToken> seg : daemons.segments) {
            for (ServerToken t : seg) {
                if (t.needsHostName()) {
                    return true;
                }
            }
        }
        if (options != null) {
            for (Options.Step s : options.steps) {
                if (s.value != null && s.expand && expands(s.value, "NHs")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a {@code %} expansion of {@code value} reads the client's host name: {@code %n}, and
     * {@code %h} and {@code %c}, which libwrap's {@code eval_hostinfo} fills with the name (looked
     * up on first use) and only falls back to the address when it is unknown. {@code %%} is a
     * literal percent sign.
     */
    static boolean expandsClientName(String value) {
        return expands(value, "nhc");
    }

    /** Whether {@code value} has a {@code %} expansion of one of {@code letters} ({@code %%} is literal). */
    private static boolean expands(String value, String letters) {
        for (int i = 0; i + 1 < value.length(); i++) {
            if (value.charAt(i) == '%') {
                char c = value.charAt(++i);
                if (letters.indexOf(c) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "line " + line + ": " + CText.text(text);
    }
}
