package io.jail4j.examples;

import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.Request;
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
        Requests lines = new Requests(in, answers);
        Checker checker = new Checker(rules, lines, answers, err);
        while (checker.next()) {
            // one line each: a small method the JIT compiles whole, not a loop it must replace on the stack
        }
        answers.flush();
    }

    /** Decides one line at a time. */
    private static final class Checker {
        private final HostsAccess rules;
        private final Requests lines;
        private final Answers answers;
        private final PrintStream err;
        private long line;
        private boolean reported;

        Checker(HostsAccess rules, Requests lines, Answers answers, PrintStream err) {
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

    /**
     * Reads request lines as {@code BufferedReader.readLine()} then {@code trim()} and a split on
     * runs of blanks and tabs would (lines end at LF, CR or CRLF; bytes up to 0x20 at either end of
     * a line are dropped; blank lines are skipped), without holding a whole line: of each of the
     * four fields it keeps the first {@link #KEEP} bytes, enough for the 127 bytes a request keeps
     * of a field even when a UTF-8 sequence starts at the 127th, so that a line of any length is
     * read in constant memory and decided like its shorter twin.
     */
    static final class Requests {
        static final int KEEP = 131;
        private static final int FIELDS = 4;

        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int end;
        private boolean eof;
        private boolean skipLf;
        private final byte[][] field = new byte[FIELDS][KEEP];
        private final int[] stored = new int[FIELDS];
        private final long[] length = new long[FIELDS];
        private final int[] from = new int[FIELDS];
        private boolean inBuffer;   // the last line's fields are in buf at from[], else in field[]
        private final String[] daemons = new String[8];
        private int nextDaemon;

        private final Answers answers;

        Requests(InputStream in, Answers answers) {
            this.in = in;
            this.answers = answers;
        }

        /** Returns the request of the line {@link #readLine()} read, which had {@code fields} fields. */
        Request request(int fields) {
            return Request.of(daemon(), text(1, fields), text(2, fields), text(3, fields));
        }

        /**
         * The common case in one pass over the buffer: a whole line there, ending in LF, of fields
         * of bytes above 0x20 separated by blanks and tabs. Records where its fields are and
         * returns their number (at most four), or -2 if the line is not of that kind (then
         * {@link #readLine()} reads it byte by byte).
         */
        private int simpleLine() {
            byte[] b = buf;
            int i = pos;
            int limit = end;
            int n = 0;
            while (true) {
                byte c = 0;
                while (i < limit && ((c = b[i]) == ' ' || c == '\t')) {
                    i++;
                }
                if (i >= limit) {
                    return -2;
                }
                if (c == '\n') {
                    pos = i + 1;
                    inBuffer = true;
                    return Math.min(n, FIELDS);
                }
                if (c >= 0 && c < ' ') {
                    return -2;
                }
                int start = i;
                while (i < limit && ((c = b[i]) > ' ' || c < 0)) {
                    i++;
                }
                if (i >= limit) {
                    return -2;
                }
                if (n < FIELDS) {
                    from[n] = start;
                    length[n] = i - start;
                }
                n++;
            }
        }

        /**
         * Reads one line into the fields; returns how many it has (at most four; 0 for a blank
         * line), or -1 at the end of the input.
         */
        int readLine() throws IOException {
            if (!skipLf) {
                int simple = simpleLine();
                if (simple != -2) {
                    return simple;
                }
            }
            return anyLine();
        }

        /** {@link #readLine()} byte by byte: any line, across buffer refills (a method of its own, rarely hot). */
        private int anyLine() throws IOException {
            inBuffer = false;
            int n = 0;               // fields started
            boolean inField = false;
            int solidField = -1;     // the field holding the line's last byte above 0x20
            long solidLength = 0;    // that field's length up to and including that byte
            boolean any = false;
            while (true) {
                if (pos == end && !fill()) {
                    if (!any) {
                        return -1;
                    }
                    break;
                }
                byte b = buf[pos++];
                if (skipLf) {
                    skipLf = false;
                    if (b == '\n') {
                        continue;
                    }
                }
                any = true;
                if (b == '\n' || b == '\r') {
                    skipLf = b == '\r';
                    break;
                }
                if (b == ' ' || b == '\t') {
                    inField = false;
                    continue;
                }
                boolean low = b >= 0 && b <= ' ';
                if (!inField) {
                    if (low && n == 0) {
                        continue; // trim(): what starts the line
                    }
                    inField = true;
                    if (n < FIELDS) {
                        stored[n] = 0;
                        length[n] = 0;
                    }
                    n++;
                }
                int f = n - 1;
                if (f < FIELDS) {
                    if (stored[f] < KEEP) {
                        field[f][stored[f]++] = b;
                    }
                    length[f]++;
                }
                if (!low) {
                    solidField = f;
                    solidLength = f < FIELDS ? length[f] : 0;
                }
            }
            if (solidField < 0) {
                return 0;
            }
            // trim(): what ends the line, whole fields of low bytes included
            n = Math.min(n, solidField + 1);
            if (solidField < FIELDS) {
                length[solidField] = solidLength;
                stored[solidField] = (int) Math.min(stored[solidField], solidLength);
            }
            return Math.min(n, FIELDS);
        }

        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (answers != null) {
                answers.beforeRead(in);
            }
            int r = in.read(buf, 0, buf.length);
            if (r <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            end = r;
            return true;
        }

        /** The daemon field, the same string as last time for the same bytes (Request caches by identity). */
        private String daemon() {
            byte[] b = inBuffer ? buf : field[0];
            int off = inBuffer ? from[0] : 0;
            int len = inBuffer ? (int) length[0] : stored[0];
            for (String d : daemons) {
                if (d != null && same(d, b, off, len)) {
                    return d;
                }
            }
            String d = decode(b, off, len);
            daemons[nextDaemon] = d;
            nextDaemon = (nextDaemon + 1) % daemons.length;
            return d;
        }

        private static boolean same(String d, byte[] b, int off, int len) {
            if (d.length() != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (d.charAt(i) != b[off + i]) {
                    return false; // a non-ASCII byte (negative) never equals a char
                }
            }
            return true;
        }

        private String text(int f, int fields) {
            if (f >= fields) {
                return null;
            }
            byte[] b = inBuffer ? buf : field[f];
            int off = inBuffer ? from[f] : 0;
            int len = inBuffer ? (int) length[f] : stored[f];
            if (len == 1 && length[f] == 1 && b[off] == '-') {
                return null;
            }
            return decode(b, off, len);
        }

        private static String decode(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] < 0) {
                    return new String(b, off, len, StandardCharsets.UTF_8);
                }
            }
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
    }
}
