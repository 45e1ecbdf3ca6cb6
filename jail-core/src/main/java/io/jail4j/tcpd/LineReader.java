package io.jail4j.tcpd;

/**
 * Reads logical lines exactly as Debian's libwrap {@code xgets} does into its 2048-byte buffer:
 * {@code fgets} chunks, a backslash before the newline joins the next line, the line counter
 * advances per newline read, and bytes after a NUL in a chunk are lost (C strings) while the next
 * chunk is appended. A logical line that does not fit (2047 bytes with its newline) or a last line
 * without a newline comes back without its newline: libwrap then warns and stops reading the
 * file, which this class's caller reproduces.
 */
final class LineReader {
    static final int BUFLEN = 2048;

    private final byte[] data;
    private int pos;
    private int line;

    LineReader(byte[] data) {
        this.data = data;
    }

    /** Returns the number of newlines read so far (libwrap's {@code tcpd_context.line}). */
    int line() {
        return line;
    }

    /** Returns the next logical line as a byte string (a C string), or {@code null} at the end. */
    String next() {
        byte[] buf = new byte[BUFLEN];
        int ptr = 0;
        int len = BUFLEN;
        while (true) {
            int n = fgets(buf, ptr, len);
            if (n < 0) {
                return ptr > 0 ? string(buf) : null;
            }
            int got = 0;
            while (got < n && buf[ptr + got] != 0) {
                got++;
            }
            if (got > 0 && buf[ptr + got - 1] == '\n') {
                line++;
                if (got == 1 || buf[ptr + got - 2] != '\\') {
                    return string(buf);
                }
                ptr += got - 2;
                len -= got - 2;
                if (len == 1) {
                    return string(buf);
                }
                buf[ptr] = 0;
                continue;
            }
            ptr += got;
            len -= got;
            if (len == 1) {
                return string(buf);
            }
            buf[ptr] = 0;
        }
    }

    /** glibc {@code fgets(buf + at, len, fp)}: bytes read, or -1 at end of file. */
    private int fgets(byte[] buf, int at, int len) {
        if (pos >= data.length) {
            return -1;
        }
        int n = 0;
        while (n < len - 1 && pos < data.length) {
            byte b = data[pos++];
            buf[at + n++] = b;
            if (b == '\n') {
                break;
            }
        }
        buf[at + n] = 0;
        return n;
    }

    private static String string(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
