package io.jail4j.layout;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link JailAudit#audit} found: the findings, most severe first, how many entries it
 * looked at and how long it took. {@link #toString()} prints a table for people.
 */
public final class AuditReport implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The jail audited; not serialized itself (see {@link Form}). */
    private final transient Path jail;
    /** The user the audit was made for. */
    private final String user;
    /** How many entries the audit looked at. */
    private final long entries;
    /** How long the audit took. */
    private final long nanos;
    /** The findings, most severe first. */
    private final List<Finding> findings;

    AuditReport(Path jail, String user, long entries, long nanos, List<Finding> findings) {
        this.jail = jail;
        this.user = user;
        this.entries = entries;
        this.nanos = nanos;
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Finding::path).thenComparing(Finding::check).thenComparing(Finding::message));
        this.findings = List.copyOf(sorted);
    }

    /**
     * Returns the jail's real path on the host.
     *
     * @return the real path of the audited directory on the host
     */
    public Path jail() {
        return jail;
    }

    /**
     * Returns the findings, errors first, then warnings, then notes; by path within each.
     *
     * @return an unmodifiable list of the findings; empty if nothing was found
     */
    public List<Finding> findings() {
        return findings;
    }

    /**
     * Returns how many entries below the jail were examined (one stat each).
     *
     * @return the number of entries examined, zero or more
     */
    public long entries() {
        return entries;
    }

    /**
     * Returns how long the audit took, from the call of {@link JailAudit#audit} to the report.
     *
     * @return the elapsed time on the monotonic clock ({@link System#nanoTime()}), never negative
     */
    public Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    /**
     * Returns how many findings have the given severity.
     *
     * @param severity the severity to count
     * @return the number of findings of exactly that severity; 0 if there are none
     */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /**
     * Returns the highest severity found, or empty if nothing was found.
     *
     * @return the severity of the most severe finding, or {@link Optional#empty()} if there are
     *     no findings
     */
    public Optional<Severity> worst() {
        return findings.isEmpty() ? Optional.empty() : Optional.of(findings.get(0).severity());
    }

    /**
     * Returns whether nothing worse than {@link Severity#INFO} was found.
     *
     * @return true if there are no findings or only {@link Severity#INFO} ones; false if any
     *     warning or error was found
     */
    public boolean passed() {
        return worst().map(s -> s == Severity.INFO).orElse(true);
    }

    /**
     * Returns a table, such as
     * <pre>
     * audit of /srv/ftp for ftp (uid 4242, groups [4242]): 57 entries in 3 ms: 1 error, 0 warnings, 2 notes
     * error    setid        usr/bin/sudo  setuid root (mode 4755): running it grants ...
     *                                     fix: chmod ug-s usr/bin/sudo, or remove it from the jail
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("audit of ").append(jail).append(" for ").append(user).append(": ").append(entries)
                .append(" entries in ").append(String.format(Locale.ROOT, "%.1f", nanos / 1e6)).append(" ms: ")
                .append(plural(count(Severity.ERROR), "error")).append(", ").append(plural(count(Severity.WARNING), "warning"))
                .append(", ").append(plural(count(Severity.INFO), "note")).append('\n');
        int check = 5;
        int path = 4;
        for (Finding f : findings) {
            check = Math.max(check, f.check().id().length());
            path = Math.max(path, f.path().length());
        }
        String row = "%-8s %-" + check + "s %-" + path + "s %s%n";
        for (Finding f : findings) {
            s.append(String.format(Locale.ROOT, row, f.severity().id(), f.check().id(), f.path(), f.message()));
            if (!f.fix().isEmpty()) {
                s.append(String.format(Locale.ROOT, row, "", "", "", "fix: " + f.fix()));
            }
        }
        return s.toString();
    }

    /**
     * Serializes the report as {@link Form}: its jail as text, since a {@link Path} is not serializable.
     *
     * @return the serialized form of this report
     */
    private Object writeReplace() {
        return new Form(jail.toString(), user, entries, nanos, findings);
    }

    /**
     * Refuses a stream that holds the report itself rather than its serialized form.
     *
     * @param in the stream
     * @throws InvalidObjectException always
     */
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("an AuditReport is read through its serialized form only");
    }

    /** The serialized form of a report; reading it builds the report again. */
    private record Form(String jail, String user, long entries, long nanos, List<Finding> findings)
            implements Serializable {
        private Object readResolve() {
            return new AuditReport(Path.of(jail), user, entries, nanos, findings);
        }
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
