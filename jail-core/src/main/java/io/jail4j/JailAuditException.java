package io.jail4j;

import io.jail4j.layout.AuditReport;

/**
 * Reports that the jail failed the audit {@link Jail#audit()} asked for: a warning or an error
 * such as a setuid file, a device node that is not allowed, a hard link to a host file or a
 * writable file the layout does not allow. {@link #report()} lists every finding with its fix.
 */
public final class JailAuditException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The audit that failed, serializable with its findings. */
    private final AuditReport report;

    JailAuditException(AuditReport report) {
        super("enter(): the jail " + report.jail() + " failed its audit (" + report.count(io.jail4j.layout.Severity.ERROR)
                + " error(s), " + report.count(io.jail4j.layout.Severity.WARNING) + " warning(s)):\n" + report);
        this.report = report;
    }

    /**
     * Returns the audit's findings.
     *
     * @return the audit report, with at least one warning or error
     */
    public AuditReport report() {
        return report;
    }
}
