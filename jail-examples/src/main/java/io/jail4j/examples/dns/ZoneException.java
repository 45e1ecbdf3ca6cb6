package io.jail4j.examples.dns;

/**
 * Reports a zone file that cannot be served (or an access rule file that cannot be used), naming
 * the file and the line, such as {@code /srv/dns/zones/example.test.zone:12: CNAME and other data}.
 */
public final class ZoneException extends Exception {
    private static final long serialVersionUID = 1L;
    /** The file the error is in, as named to the reader (serialized). */
    private final String file;
    /** The line, from 1, or 0 when the whole file is meant (serialized). */
    private final int line;

    ZoneException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** Returns the file the error is in, as named to the reader. */
    String file() {
        return file;
    }

    /** Returns the line, from 1, or 0 when the whole file is meant. */
    int line() {
        return line;
    }
}
