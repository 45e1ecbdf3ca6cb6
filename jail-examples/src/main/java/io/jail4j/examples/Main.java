package io.jail4j.examples;

import io.jail4j.examples.dns.DnsBench;
import io.jail4j.examples.dns.Dnsd;
import io.jail4j.examples.ftp.FtpBench;
import io.jail4j.examples.ftp.Ftpd;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jail4j} command line: {@code demo} runs a daemon that jails itself,
 * {@code inspect} shows any process's jail-relevant state from outside, {@code bench} measures
 * {@code enter()} against C, {@code ftpd} and {@code dnsd} are daemons that jail themselves,
 * {@code audit} and {@code layout} check and build jails, {@code hosts-check} and
 * {@code tcpdmatch} decide TCP wrapper rules as libwrap does; the {@code *-bench} commands measure
 * against the real peers.
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
            "      Only 127.0.0.0/8 and [::1] are accepted for --listen. --listen systemd takes the socket",
            "      from the service manager (socket activation: systemd, systemd-socket-activate) instead;",
            "      it may then start as any user holding CAP_SYS_CHROOT, CAP_SETUID and CAP_SETGID.",
            "      --learn PLANFILE: learn mode, NOT jailed (no chroot; ids dropped, no_new_privs, syscall",
            "      policy); writes at exit what the demo opened outside the jail as a plan (Preload calls,",
            "      layout lines). For a test environment.",
            "  " + InspectOptions.USAGE,
            "      Show a live process from outside, through /proc: every thread's ids, groups and",
            "      capabilities, its root, working directory and open descriptors (--json: as JSON).",
            "      With --jail, --uid and --gid, also check that it is jailed and dropped (groups default",
            "      to the gid alone); exit 4 and list the violations if not.",
            "  bench [--runs N] [--user NAME]",
            "      Measure enter() against the same work in C (compiled here with cc), interleaved, N runs",
            "      each (default 21): median and spread of the irreversible window and their ratio, and",
            "      what enter() blocks its caller for next to a bare JVM's start to main(). Needs root.",
            "  ftpd (--listen ADDR:PORT|systemd --root DIR | --demo [--listen ADDR:PORT|systemd]) [--user NAME]",
            "       [--pasv-ports LOW-HIGH]",
            "       [--allow FILE --deny FILE] [--upload SUBDIR] [--tls-cert PEM [--tls-key PEM] | --tls-self-signed]",
            "       [--max-clients N] [--max-per-ip N] [--max-line BYTES] [--login-timeout S] [--idle-timeout S]",
            "       [--accept-timeout S] [--connect-timeout S] [--data-timeout S]",
            "      Anonymous read-only FTP server (RFC 959, 2389, 2428, 3659; explicit FTPS, RFC 4217): binds",
            "      ADDR:PORT as root, enters DIR as its jail and drops to NAME (default ftp, else nobody). DIR must",
            "      be owned by root and not group/other-writable; --upload takes anonymous uploads into a",
            "      write-only drop box DIR/SUBDIR. --demo makes a jail with a small tree under the temp directory",
            "      and serves it on 127.0.0.1:2121. TCP wrappers rules for daemon name ftpd. Logs to stderr.",
            "      Limits (defaults as vsftpd.conf(5) where it has them): 256 clients, 32 per address (a client",
            "      not logged in gives way to a newcomer), 4096-byte lines, login 60 s, idle 300 s, accept 60 s,",
            "      connect 60 s, data 300 s. --listen systemd takes the control socket from the service manager.",
            "  ftp-bench [--runs N] [--mib N] [--clients N] [--files N] [--file-kib N] [--mode active|passive]",
            "      Download a 1 GiB file with curl and let 32 curl clients fetch 64 small files each, from the",
            "      jailed ftpd and from vsftpd, interleaved; print MB/s, files/s, median, spread and the ratios.",
            "      Needs root, curl and vsftpd.",
            "  " + Dnsd.USAGE,
            "      Serve zones like NSD (authoritative answers, referrals, wildcards, CNAME chains, EDNS, TC",
            "      over UDP and whole over TCP) on a loopback address, UDP and TCP bound as root (default",
            "      127.0.0.1:53), jailed as an unprivileged user (default nobody) in --jail DIR (zones inside it)",
            "      or in a fresh jail under the temp directory the zones are copied to. SIGHUP reloads the zones",
            "      from inside the jail. Zone transfers only for clients the --allow/--deny rules admit",
            "      (hosts_access(5), daemon dnsd-axfr). Only 127.0.0.0/8 and [::1] are accepted for --listen.",
            "      --listen systemd takes one UDP and one listening TCP socket from the service manager,",
            "      matched by type.",
            "  " + DnsBench.USAGE,
            "      dnsperf against the jailed dnsd and against NSD on the same zone and queries, interleaved:",
            "      queries/s, latency, medians, ranges and the ratio. Needs root, nsd and dnsperf.",
            "  " + HostsCheck.USAGE,
            "      Decide TCP wrapper requests read from stdin, one per line (DAEMON CLIENT_NAME CLIENT_ADDR",
            "      USER, - for unknown), against the two files as libwrap's hosts_ctl would in a dry run;",
            "      print ALLOW or DENY per line and nothing else. Warnings about the files go to stderr.",
            "  " + TcpdMatch.USAGE,
            "      Show what tcpdmatch(8) shows for one request, plus the rule that decided (matched:  FILE",
            "      line N) and its options; -d reads hosts.allow and hosts.deny in the current directory.",
            "  tcpd-bench [--rounds N] [--rules N]",
            "      Time jail4j's rule check against libwrap's hosts_ctl (compiled here with cc -lwrap) on the",
            "      same 1000-line hosts.allow and queries, interleaved; then one check against 10,000 rules.",
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
            "exit status: 0 ok, 1 refused by jail4j or no such process, 2 usage error (or an invalid zone or",
            "rule file), 3 I/O error (such as a port in use), 4 not jailed (inspect).",
            "");

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command name (such as {@code ftpd} or {@code dnsd}) and its arguments
     */
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
        boolean known = command.equals("demo") || command.equals("inspect") || command.equals("bench")
                || command.equals("ftpd") || command.equals("ftp-bench") || command.equals("dnsd")
                || command.equals("dnsbench");
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
                case "ftpd":
                    return Ftpd.main(rest, out, err);
                case "ftp-bench":
                    return FtpBench.main(rest, out, err);
                case "dnsd":
                    return Dnsd.main(rest, out, err);
                case "dnsbench":
                    return DnsBench.main(rest, out, err);
                case "hosts-check":
                    return HostsCheck.main(rest, out, err);
                case "tcpdmatch":
                    return TcpdMatch.main(rest, out, err);
                case "tcpd-bench":
                    return TcpdBench.main(rest, out, err);
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
