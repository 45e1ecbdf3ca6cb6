package io.jail4j.examples;

import io.jail4j.tcpd.Request;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads request lines as {@code BufferedReader.readLine()} then {@code trim()} and a split on
 * runs of blanks and tabs would (lines end at LF, CR or CRLF; bytes up to 0x20 at either end of
 * a line are dropped; blank lines are skipped), without holding a whole line: of each of the
 * four fields it keeps the first {@link #KEEP} bytes, enough for the 127 bytes a request keeps
 * of a field even when a UTF-8 sequence starts at the 127th, so that a line of any length is
 * read in constant memory and decided like its shorter twin.
 */
final class RequestLines {
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

    private final HostsCheck.Answers answers;

    RequestLines(InputStream in, HostsCheck.Answers answers) {
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
