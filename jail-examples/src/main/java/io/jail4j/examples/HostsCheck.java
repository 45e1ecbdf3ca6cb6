package io.jail4j.examples;

import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code jail4j hosts-check --allow FILE --deny FILE}: decides requests read from standard input,
 * one per line, {@code DAEMON CLIENT_NAME CLIENT_ADDR USER} ({@code -} or a missing field for
 * unknown, blank lines skipped), and prints {@code ALLOW} or {@code DENY} for each, nothing else,
 * as libwrap's {@code hosts_ctl} would answer in a dry run ({@code tcpdmatch}'s mode: options
 * that run commands or change the process are accepted and not carried out). Warnings about the
 * files go to standard error. Fields longer than libwrap's buffers are cut to 127 bytes as
 * {@code hosts_ctl} cuts them; a line of any length is answered in constant memory. Answers are
 * flushed whenever no more input is waiting, so an interactive caller gets each one at once,
 * and written in large blocks while a pipe is full.
 */
public final class HostsCheck {
    private HostsCheck() {
    }

    /**
     * Decides the requests read from {@code in} against the two files.
     *
     * @param allow the hosts.allow-style file
     * @param deny the hosts.deny-style file
     * @param in the requests, one per line
     * @param out receives {@code ALLOW} or {@code DENY} per request, nothing else
     * @param err receives warnings about the files and errors
     * @return {@link ExitCode#OK}, {@link ExitCode#REFUSED} if a file cannot be used,
     *         {@link ExitCode#IO_ERROR} if reading the requests fails
     */
    public static ExitCode run(Path allow, Path deny, InputStream in, PrintStream out, PrintStream err) {
        HostsAccess rules;
        try {
            rules = DryRun.load(allow, deny);
        } catch (HostsFileException e) {
            err.println("jail4j hosts-check: " + e.getMessage());
            return ExitCode.REFUSED;
        }
        for (String w : rules.warnings()) {
            err.println("jail4j hosts-check: " + w);
        }
        try {
            answer(rules, in, out, err);
        } catch (IOException e) {
            err.println("jail4j hosts-check: reading requests: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
        return ExitCode.OK;
    }

    /**
     * Answers every request line of {@code in} on {@code out}. Answers are buffered while more
     * input is already waiting (in this reader's buffer or in {@code in}, by
     * {@link InputStream#available()}), and flushed before the reader would block for more: a
     * caller that writes one line and waits gets its answer at once, and a pipe full of requests
     * costs one write per buffer of answers, not one per line.
     */
    static void answer(HostsAccess rules, InputStream in, OutputStream out, PrintStream err) throws IOException {
        Answers answers = new Answers(out);
        RequestLines lines = new RequestLines(in, answers);
        Checker checker = new Checker(rules, lines, answers, err);
        while (checker.next()) {
            // one line each: a small method the JIT compiles whole, not a loop it must replace on the stack
        }
        answers.flush();
    }

    /** Decides one line at a time. */
    private static final class Checker {
        private final HostsAccess rules;
        private final RequestLines lines;
        private final Answers answers;
        private final PrintStream err;
        private long line;
        private boolean reported;

        Checker(HostsAccess rules, RequestLines lines, Answers answers, PrintStream err) {
            this.rules = rules;
            this.lines = lines;
            this.answers = answers;
            this.err = err;
        }

        /** Reads and answers one line; returns false at the end of the input. */
        boolean next() throws IOException {
            int fields = lines.readLine();
            if (fields < 0) {
                return false;
            }
            line++;
            if (fields == 0) {
                return true;
            }
            boolean granted;
            try {
                granted = DryRun.granted(rules.check(lines.request(fields)), rules);
            } catch (RuntimeException e) {
                granted = false; // fail closed, and keep answering one line per request
                if (!reported) {
                    reported = true;
                    err.println("jail4j hosts-check: internal error deciding line " + line + " (answered DENY; "
                            + "later ones are not reported): " + e);
                }
            }
            answers.add(granted ? ALLOW : DENY);
            return true;
        }
    }

    /** The answers not yet written, and when to write them. */
    static final class Answers {
        private final OutputStream out;
        private final byte[] buf = new byte[ANSWER_BUFFER];
        private int pending;

        Answers(OutputStream out) {
            this.out = out;
        }

        void add(byte[] verdict) throws IOException {
            if (pending + verdict.length > buf.length) {
                out.write(buf, 0, pending);
                pending = 0;
            }
            System.arraycopy(verdict, 0, buf, pending, verdict.length);
            pending += verdict.length;
        }

        /** Called before the reader may block: writes and flushes unless more input is waiting. */
        void beforeRead(InputStream in) throws IOException {
            if (pending == 0) {
                return;
            }
            int waiting;
            try {
                waiting = in.available();
            } catch (IOException e) {
                waiting = 0;
            }
            if (waiting <= 0) {
                flush();
            }
        }

        void flush() throws IOException {
            if (pending > 0) {
                out.write(buf, 0, pending);
                pending = 0;
            }
            out.flush();
        }
    }

    private static final int ANSWER_BUFFER = 1 << 16;
    private static final byte[] ALLOW = "ALLOW\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DENY = "DENY\n".getBytes(StandardCharsets.US_ASCII);
}
