package io.jail4j.examples;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options of {@code inspect}, a picocli mixin of its command; each value is checked as it is
 * read and {@link #validate()} checks how they go together.
 */
public final class InspectOptions {
    private static final long MAX_ID = 0xFFFF_FFFEL;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private long pid = -1;
    @Option(names = "--json", description = "Print the view (and the check) as JSON.")
    private boolean json;
    private Path jail;
    private long uid = -1;
    private long gid = -1;
    private Set<Long> groups;

    /** Creates the options with their defaults; picocli sets them from the command line. */
    public InspectOptions() {
    }

    @Parameters(index = "0", paramLabel = "PID", description = "The process to show.")
    void pid(String text) {
        pid = ArgCheck.positive(spec, "PID", text);
    }

    @Option(names = "--jail", paramLabel = "DIR", description = "Check that the process is jailed in DIR (with"
            + " --uid and --gid).")
    void jail(String dir) {
        jail = ArgCheck.path(spec, "--jail", dir);
    }

    @Option(names = "--uid", paramLabel = "N", description = "The uid every thread must run as (with --jail).")
    void uid(String text) {
        uid = ArgCheck.number(spec, "--uid", text, 0, MAX_ID);
    }

    @Option(names = "--gid", paramLabel = "N", description = "The gid every thread must run as (with --jail).")
    void gid(String text) {
        gid = ArgCheck.number(spec, "--gid", text, 0, MAX_ID);
    }

    @Option(names = "--groups", paramLabel = "G,G,...", description = "The expected supplementary groups (default:"
            + " the gid alone).")
    void groups(String text) {
        Set<Long> out = new TreeSet<>();
        for (String g : text.split(",", -1)) {
            out.add(ArgCheck.number(spec, "--groups", g.trim(), 0, MAX_ID));
        }
        groups = out;
    }

    /**
     * Checks that {@code --jail}, {@code --uid} and {@code --gid} come together, and fills in the
     * default groups.
     *
     * @throws picocli.CommandLine.ParameterException if only some of them are given
     */
    public void validate() {
        boolean any = jail != null || uid >= 0 || gid >= 0 || groups != null;
        if (any && (jail == null || uid < 0 || gid < 0)) {
            throw ArgCheck.usage(spec, "--jail, --uid and --gid go together (--groups is optional)");
        }
        if (any && groups == null) {
            groups = Set.of(gid);
        }
    }

    long pid() {
        return pid;
    }

    boolean json() {
        return json;
    }

    /** Returns whether to check the process against a jail and ids. */
    boolean check() {
        return jail != null;
    }

    /** Returns the jail to check against, if any. */
    Optional<Path> jail() {
        return Optional.ofNullable(jail);
    }

    long uid() {
        return uid;
    }

    long gid() {
        return gid;
    }

    /** Returns the expected supplementary groups: {@code --groups}, else the gid alone. */
    Set<Long> groups() {
        return groups;
    }
}
