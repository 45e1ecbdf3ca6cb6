package io.jail4j.layout;

/** How much an audit finding matters. Ordered from least to most severe. */
public enum Severity {
    /** Worth knowing, nothing to fix: an allowed relaxation or a piece of advice. */
    INFO,
    /** Weakens the jail or helps an attacker inside it; fix it or allow it in the layout. */
    WARNING,
    /** Defeats the jail or hands the jailed user a way out or up; fix it before entering. */
    ERROR;

    /**
     * Returns the lower-case name used in tables and JSON: {@code info}, {@code warning}, {@code error}.
     *
     * @return {@code info}, {@code warning} or {@code error}
     */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
