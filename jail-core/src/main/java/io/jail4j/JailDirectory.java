package io.jail4j;

import io.jail4j.layout.AuditException;
import io.jail4j.layout.AuditReport;
import io.jail4j.layout.JailAudit;
import io.jail4j.layout.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AUDIT_JAIL and OPEN_JAIL steps of {@code enter()}: audits the jail if the plan asks, then
 * opens it component by component from {@code /} and checks owner and mode on the descriptors
 * opened. Only reads.
 */
final class JailDirectory {
    private final Plan plan;
    private final SystemCalls os;
    private final List<String> notes;
    private final List<String> warnings;

    JailDirectory(Plan plan, SystemCalls os, List<String> notes, List<String> warnings) {
        this.plan = plan;
        this.os = os;
        this.notes = notes;
        this.warnings = warnings;
    }

    /**
     * Audits the jail as the plan asks. Runs before the descriptors are listed: the audit closes
     * every directory it opens and its worker threads end before it returns.
     */
    void audit(TargetUser target, ClassPathAccess classPath) throws JailException {
        Plan.Audit audit = plan.audit();
        if (audit == null) {
            return;
        }
        JailAudit check = JailAudit.forUser(target.name().orElse(null), target.uid(), target.groups());
        if (audit.allowed() != null) {
            check = check.allowing(audit.allowed());
        }
        if (plan.mirrorsClassPath()) {
            List<Path> copies = new ArrayList<>();
            classPath.entries().forEach(e -> copies.add(e.path()));
            check = check.mirroring(copies);
        }
        AuditReport report;
        try {
            report = check.audit(plan.dir());
        } catch (AuditException e) {
            throw new JailException("enter(): cannot audit the jail " + plan.dir() + ": " + e.getMessage(), e);
        }
        if (!report.passed()) {
            throw new JailAuditException(report);
        }
        notes.add("audit passed: " + report.entries() + " entries, " + report.count(Severity.INFO)
                + " note(s)");
    }

    /** Opens the jail from "/" one component at a time, checking each on the descriptor opened. */
    int open(TargetUser target) throws JailException {
        Path jail = plan.dir();
        int fd = os.openRoot();
        Path here = jail.getRoot();
        try {
            checkComponent(here, os.fstat(fd), false);
            for (int i = 0; i < jail.getNameCount(); i++) {
                String name = jail.getName(i).toString();
                Path next = here.resolve(name);
                int nextFd;
                try {
                    nextFd = os.openDirectoryAt(fd, name);
                } catch (SystemCallException e) {
                    throw explainOpenFailure(fd, name, next, jail, e);
                }
                os.close(fd);
                fd = nextFd;
                here = next;
                SystemCalls.FileStat st = os.fstat(fd);
                boolean isJail = i == jail.getNameCount() - 1;
                checkComponent(here, st, isJail);
                if (isJail) {
                    checkSearchable(st, target);
                }
            }
            return fd;
        } catch (JailException | RuntimeException e) {
            os.close(fd);
            throw e;
        }
    }

    private JailException explainOpenFailure(int dirFd, String name, Path path, Path jail, SystemCallException e) {
        String which = path.equals(jail) ? "the jail " + jail : "ancestor " + path + " of the jail " + jail;
        SystemCalls.FileStat st = null;
        try {
            st = os.lstatAt(dirFd, name);
        } catch (SystemCallException ignored) {
            // nothing there: reported below from the open's errno
        }
        if (st != null && st.isSymlink()) {
            return new JailPathException(path, "Jail.at(" + jail + "): " + which + " is a symbolic link;"
                    + " a jail path must not contain symlinks (pass the real path, and make sure nobody"
                    + " but root can change it)", e);
        }
        if (st != null && !st.isDirectory()) {
            return new JailPathException(path, "Jail.at(" + jail + "): " + which + " is not a directory", e);
        }
        if (st == null) {
            return new JailPathException(path, "Jail.at(" + jail + "): " + which + " does not exist", e);
        }
        return new JailPathException(path, "Jail.at(" + jail + "): cannot open " + which + ": " + e.getMessage(), e);
    }

    private void checkComponent(Path path, SystemCalls.FileStat st, boolean isJail) throws JailPathException {
        String which = isJail ? "the jail " + path : "ancestor " + path + " of the jail " + plan.dir();
        if (!st.isDirectory()) {
            throw new JailPathException(path, "Jail.at(" + plan.dir() + "): " + which + " is not a directory");
        }
        if (st.uid() != 0) {
            throw new JailPathException(path, "Jail.at(" + plan.dir() + "): " + which + " is owned by uid " + st.uid()
                    + ", not root; its owner could change what the jail contains (chown root " + path + ")");
        }
        int perms = st.permissions();
        if ((perms & 022) != 0) {
            boolean sticky = (perms & 01000) != 0;
            if (sticky && !isJail) {
                notes.add("accepted root-owned sticky ancestor " + path + " (mode " + octal(perms)
                        + "): the sticky bit stops others from renaming or replacing the root-owned directory below it");
                return;
            }
            throw new JailPathException(path, "Jail.at(" + plan.dir() + "): " + which + " is writable by "
                    + ((perms & 020) != 0 ? "group" : "") + ((perms & 022) == 022 ? " and " : "")
                    + ((perms & 002) != 0 ? "others" : "") + " (mode " + octal(perms) + ");"
                    + " a jail and its ancestors must be root-owned and writable by root only (chmod go-w " + path + ")");
        }
    }

    private void checkSearchable(SystemCalls.FileStat st, TargetUser target) {
        int perms = st.permissions();
        boolean viaGroup = target.groups().contains(st.gid()) && (perms & 010) != 0;
        if ((perms & 001) == 0 && !viaGroup) {
            warnings.add("the jail " + plan.dir() + " (mode " + octal(perms) + ") is not searchable by " + target
                    + ": the process will not be able to open anything inside it");
        }
    }

    private static String octal(int perms) {
        return String.format("%04o", perms);
    }
}
