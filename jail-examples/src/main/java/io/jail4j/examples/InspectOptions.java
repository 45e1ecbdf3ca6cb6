package io.jail4j.examples;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The parsed arguments of {@code inspect}. */
final class InspectOptions {
    static final String USAGE = "inspect PID [--json] [--jail DIR --uid N --gid N [--groups G,G,...]]";
    private static final long MAX_ID = 0xFFFF_FFFEL;

    private long pid = -1;
    private boolean json;
    private Path jail;
    private long uid = -1;
    private long gid = -1;
    private Set<Long> groups;

    private InspectOptions() {
    }

    /**
     * Parses the arguments after {@code inspect}.
     *
     * @throws UsageException naming the argument and what is allowed
     */
    static InspectOptions parse(List<String> args) throws UsageException {
        InspectOptions o = new InspectOptions();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--json":
                    o.json = true;
                    break;
                case "--jail":
                    o.jail = path(value(args, i++));
                    break;
                case "--uid":
                    o.uid = id("--uid", value(args, i++));
                    break;
                case "--gid":
                    o.gid = id("--gid", value(args, i++));
                    break;
                case "--groups":
                    o.groups = groups(value(args, i++));
                    break;
                default:
                    if (arg.startsWith("-") || o.pid >= 0) {
                        throw new UsageException("unexpected argument \"" + arg + "\"");
                    }
                    o.pid = DemoOptions.positive("PID", arg);
            }
        }
        if (o.pid < 0) {
            throw new UsageException("missing PID");
        }
        boolean any = o.jail != null || o.uid >= 0 || o.gid >= 0 || o.groups != null;
        if (any && (o.jail == null || o.uid < 0 || o.gid < 0)) {
            throw new UsageException("--jail, --uid and --gid go together (--groups is optional)");
        }
        if (any && o.groups == null) {
            o.groups = Set.of(o.gid);
        }
        return o;
    }

    private static String value(List<String> args, int i) throws UsageException {
        if (i + 1 >= args.size()) {
            throw new UsageException(args.get(i) + ": missing value");
        }
        return args.get(i + 1);
    }

    private static Path path(String text) throws UsageException {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException("--jail \"" + text + "\": not a path (" + e.getReason() + ")");
        }
    }

    private static long id(String option, String text) throws UsageException {
        try {
            long id = Long.parseLong(text);
            if (id >= 0 && id <= MAX_ID) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " \"" + text + "\": expected an id from 0 to " + MAX_ID);
    }

    private static Set<Long> groups(String text) throws UsageException {
        Set<Long> out = new TreeSet<>();
        for (String g : text.split(",", -1)) {
            out.add(id("--groups", g.trim()));
        }
        return out;
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
