package io.jail4j.examples;

/**
 * The exit status of every {@code jail4j} command, one list for the whole command line. A daemon
 * that has entered its jail and then halts exits as jail4j's halt decides, not with these.
 */
public enum ExitCode {
    /** Success; {@code layout plan}: nothing to change; {@code audit}: nothing worse than a note. */
    OK(0, "success"),
    /**
     * jail4j refused (to enter the jail, to serve a writable root), a check found problems
     * ({@code audit}, {@code layout plan} with changes), a rule file could not be used, no such
     * process ({@code inspect}), or a benchmark could not run.
     */
    REFUSED(1, "refused by jail4j, problems found (audit, layout plan), no such process, or a benchmark failed"),
    /** The command line cannot be run as given (or dnsd's zone or rule file cannot be used). */
    USAGE(2, "usage error (or dnsd: a zone or rule file that cannot be used)"),
    /** An I/O error, such as a port in use, an unreadable file or a failing tool. */
    IO_ERROR(3, "I/O error (such as a port in use, an unreadable file, a missing or failing tool)"),
    /** {@code inspect --jail ...}: the process is not jailed and dropped as expected. */
    NOT_JAILED(4, "inspect: the process is not jailed as expected");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /**
     * Returns the process exit status.
     *
     * @return 0 to 4
     */
    public int code() {
        return code;
    }

    /**
     * Returns what the status means, as the help and the documentation list it.
     *
     * @return one line of text
     */
    public String meaning() {
        return meaning;
    }
}
