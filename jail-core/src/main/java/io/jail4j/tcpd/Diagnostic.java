package io.jail4j.tcpd;

/**
 * A diagnostic in libwrap's words: {@code warning: FILE, line N: message} (libwrap goes on) or
 * {@code error: FILE, line N: message} (a matching rule denies access).
 */
record Diagnostic(String kind, String file, int line, String message) {
    static Diagnostic warning(String file, int line, String message) {
        return new Diagnostic("warning", file, line, message);
    }

    static Diagnostic error(String file, int line, String message) {
        return new Diagnostic("error", file, line, message);
    }

    @Override
    public String toString() {
        return kind + ": " + CText.text(file) + ", line " + line + ": " + CText.text(message);
    }
}
