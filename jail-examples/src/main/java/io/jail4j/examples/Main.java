package io.jail4j.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jail4j} command line: {@code demo} runs a daemon that jails itself,
 * {@code inspect} shows any process's jail-relevant state from outside, {@code bench} measures
 * {@code enter()} against C.
 *
 * <p>Exit status: 0 success, 1 refused by jail4j (or no such process), 2 usage error, 3 I/O
 * error, 4 the inspected process is not jailed as expected.
 */
public final class Main {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int IO_ERROR = 3;
    static final int NOT_JAILED = 4;

    private static final String USAGE_TEXT = String.join("\n",
            "usage: jail4j <command> [arguments]",
            "",
            "commands:",
            "  " + DemoOptions.USAGE,
            "      Bind a privileged loopback port as root (default 127.0.0.1:79), enter a fresh chroot",
            "      jail under the temp directory (or --jail DIR) as an unprivileged user (default nobody),",
            "      print the entry report (--json: as JSON on stdout, status lines on stderr), then answer",
            "      each TCP connection with the live jailed state; exit after N connections if given.",
            "      Only 127.0.0.0/8 and [::1] are accepted for --listen.",
            "  " + InspectOptions.USAGE,
            "      Show a live process from outside, through /proc: every thread's ids, groups and",
            "      capabilities, its root, working directory and open descriptors (--json: as JSON).",
            "      With --jail, --uid and --gid, also check that it is jailed and dropped (groups default",
            "      to the gid alone); exit 4 and list the violations if not.",
            "  bench [--runs N] [--user NAME]",
            "      Measure enter() against the same work in C (compiled here with cc), interleaved, N runs",
            "      each (default 21): median and spread of the irreversible window and their ratio, and",
            "      what enter() blocks its caller for next to a bare JVM's start to main(). Needs root.",
            "  " + Audit.USAGE,
            "      Check DIR as a chroot jail for a runtime user (default: any unprivileged user): the path as",
            "      enter() checks it, write access, owners, setuid/setgid, devices, hard and symbolic links",
            "      leading out, sockets, fifos, mounts, shells/su/sudo, passwd/group entries, readable secrets.",
            "      --layout SPEC allows what the spec declares; --json prints a JSON array. Exit 0 when nothing",
            "      worse than a note was found, 1 otherwise.",
            "  " + Layout.USAGE,
            "      Compare DIR with a layout spec (plan; exit 1 if something would change) or make it match",
            "      (apply), printing every change with its reason.",
            "  audit-bench [--files N] [--runs R]",
            "      Time the audit against jailkit's jk_check on the same N-file tree (default 100000), interleaved.",
            "  --help, -h",
            "      Show this text.",
            "",
            "exit status: 0 ok, 1 refused by jail4j or no such process, 2 usage error, 3 I/O error",
            "(such as a port in use), 4 not jailed (inspect).",
            "");

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs the command line, printing to the given streams; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        boolean known = command.equals("demo") || command.equals("inspect") || command.equals("bench");
        if (command.equals("--help") || command.equals("-h") || (known && wantsHelp(rest))) {
            out.print(USAGE_TEXT);
            return OK;
        }
        try {
            switch (command) {
                case "demo":
                    return new Demo(DemoOptions.parse(rest), out, err).run();
                case "inspect":
                    return new Inspect(InspectOptions.parse(rest), out, err).run();
                case "bench":
                    return Bench.main(rest, out, err);
                case "audit":
                    return Audit.main(rest, out, err);
                case "layout":
                    return Layout.main(rest, out, err);
                case "audit-bench":
                    return AuditBench.main(rest, out, err);
                default:
                    err.println("jail4j: unknown command \"" + command + "\"");
                    err.print(USAGE_TEXT);
                    return USAGE;
            }
        } catch (UsageException e) {
            err.println("jail4j " + command + ": " + e.getMessage());
            err.println("usage: jail4j " + (command.equals("demo") ? DemoOptions.USAGE : InspectOptions.USAGE));
            return USAGE;
        }
    }

    private static boolean wantsHelp(List<String> rest) {
        return rest.contains("--help") || rest.contains("-h");
    }

    static String usage() {
        return USAGE_TEXT;
    }
}
