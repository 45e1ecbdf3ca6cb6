package io.jail4j.examples.ftp;

import java.util.Locale;

/**
 * One command line from the client, split into an upper-cased verb and the argument after the
 * first space (kept as sent, spaces included). {@link #error()} says why a line is unusable.
 */
record Command(String verb, String arg, String error) {
    static final int MAX_VERB = 8;

    /** Parses a line that was already cut at its line end and decoded. */
    static Command parse(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1);
        if (verb.isEmpty() || verb.length() > MAX_VERB || !verb.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            return new Command("", arg, "500 Unknown command.");
        }
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                return new Command(verb.toUpperCase(Locale.ROOT), arg, "501 Bad character in argument.");
            }
        }
        return new Command(verb.toUpperCase(Locale.ROOT), arg, null);
    }

    /** Returns a line for logs: the verb and, except for PASS, the printable argument. */
    String logText() {
        if (verb.equals("PASS")) {
            return "PASS <hidden>";
        }
        return arg.isEmpty() ? verb : verb + " " + Replies.printable(arg);
    }
}
