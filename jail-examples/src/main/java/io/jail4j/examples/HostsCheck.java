package io.jail4j.examples;

import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jail4j hosts-check --allow FILE --deny FILE}: decides requests read from standard input,
 * one per line, {@code DAEMON CLIENT_NAME CLIENT_ADDR USER} ({@code -} or a missing field for
 * unknown, blank lines skipped), and prints {@code ALLOW} or {@code DENY} for each, nothing else,
 * as libwrap's {@code hosts_ctl} would answer in a dry run ({@code tcpdmatch}'s mode: options
 * that run commands or change the process are accepted and not carried out). Warnings about the
 * files go to standard error.
 */
final class HostsCheck {
    static final String USAGE = "hosts-check --allow FILE --deny FILE   (requests on stdin: DAEMON CLIENT_NAME CLIENT_ADDR USER)";

    private HostsCheck() {
    }

    /** Runs the command on {@link System#in}; returns the exit code. */
    static int main(List<String> args, PrintStream out, PrintStream err) {
        return main(args, System.in, out, err);
    }

    static int main(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        Path allow = null;
        Path deny = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--allow") || a.equals("--deny")) && i + 1 < args.size()) {
                Path p = Path.of(args.get(++i));
                if (a.equals("--allow")) {
                    allow = p;
                } else {
                    deny = p;
                }
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: jail4j " + USAGE);
                return Main.OK;
            } else {
                err.println("jail4j hosts-check: unexpected argument \"" + a + "\"");
                err.println("usage: jail4j " + USAGE);
                return Main.USAGE;
            }
        }
        if (allow == null || deny == null) {
            err.println("jail4j hosts-check: both --allow FILE and --deny FILE are needed");
            err.println("usage: jail4j " + USAGE);
            return Main.USAGE;
        }
        HostsAccess rules;
        try {
            rules = DryRun.load(allow, deny);
        } catch (HostsFileException e) {
            err.println("jail4j hosts-check: " + e.getMessage());
            return Main.REFUSED;
        }
        for (String w : rules.warnings()) {
            err.println("jail4j hosts-check: " + w);
        }
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.trim().split("[ \t]+");
                if (f[0].isEmpty()) {
                    continue;
                }
                Request r = Request.of(f[0], field(f, 1), field(f, 2), field(f, 3));
                out.println(DryRun.granted(rules.check(r), rules) ? "ALLOW" : "DENY");
            }
            out.flush();
        } catch (IOException e) {
            err.println("jail4j hosts-check: reading requests: " + e.getMessage());
            return Main.IO_ERROR;
        }
        return Main.OK;
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].equals("-") ? f[i] : null;
    }
}
