package io.jail4j.layout;

import java.util.Objects;

/**
 * One problem (or note) found by {@link JailAudit}: where, which check, how bad, why, and how to
 * fix it. Paths inside the jail are relative to it ({@code "."} is the jail itself, such as
 * {@code etc/shadow}); the jail's ancestors, which lie outside it, are absolute host paths.
 */
public final class Finding implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The path inside the jail, or an ancestor's host path. */
    private final String path;
    /** The check that made the finding. */
    private final Check check;
    /** How serious it is. */
    private final Severity severity;
    /** What was found. */
    private final String message;
    /** How to fix it, or empty. */
    private final String fix;

    Finding(String path, Check check, Severity severity, String message, String fix) {
        this.path = Objects.requireNonNull(path, "path");
        this.check = Objects.requireNonNull(check, "check");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.message = Objects.requireNonNull(message, "message");
        this.fix = Objects.requireNonNull(fix, "fix");
    }

    /**
     * Returns the path as the jailed process sees it ({@code /etc/passwd}; {@code /} for the jail
     * itself), or the host path of an ancestor of the jail (a finding of {@link Check#JAIL_PATH} or
     * {@link Check#JAIL_SYMLINK} whose message says "ancestor"). Fix commands name host paths.
     *
     * @return the path the finding is about, never null
     */
    public String path() {
        return path;
    }

    /**
     * Returns the check that made this finding.
     *
     * @return the check, never null; its {@link Check#id()} is the name used in reports and JSON
     */
    public Check check() {
        return check;
    }

    /**
     * Returns how much the finding matters.
     *
     * @return the severity, never null
     */
    public Severity severity() {
        return severity;
    }

    /**
     * Returns what is wrong and why it matters.
     *
     * @return the message, one or more sentences; never null
     */
    public String message() {
        return message;
    }

    /**
     * Returns what to do about it (empty for an informational finding with nothing to do).
     *
     * @return the fix, such as a command to run; empty, never null, when there is nothing to do
     */
    public String fix() {
        return fix;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Finding)) {
            return false;
        }
        Finding f = (Finding) o;
        return path.equals(f.path) && check == f.check && severity == f.severity && message.equals(f.message)
                && fix.equals(f.fix);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, check, severity, message, fix);
    }

    /** Returns {@code severity check path: message (fix: ...)}. */
    @Override
    public String toString() {
        return severity.id() + " " + check.id() + " " + path + ": " + message + (fix.isEmpty() ? "" : " (fix: " + fix + ")");
    }
}
