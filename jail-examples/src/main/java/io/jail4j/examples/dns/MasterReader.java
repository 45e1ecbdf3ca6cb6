package io.jail4j.examples.dns;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads an RFC 1035 master file into records, each with the file and line it came from. dnsjava's
 * {@link Tokenizer} does the lexing (parentheses, quoting, escapes, comments) and
 * {@link Record#fromString} the record data; this class handles the directives the way dnsjava's
 * {@code Master} does, except that {@code $INCLUDE} goes through a {@link ZoneRoot} (so it stays in
 * the jail), every record keeps its line, and {@code $GENERATE} is refused (NSD has no such
 * directive either).
 */
final class MasterReader {
    /** NSD's limit on nested {@code $INCLUDE}s. */
    static final int MAX_INCLUDE_DEPTH = 10;
    /** A bound on the records of one zone, so that a runaway file cannot exhaust the heap. */
    static final int MAX_RECORDS = 2_000_000;

    /** One record and where it was read. */
    record Entry(Record record, String file, int line) {
    }

    private final ZoneRoot root;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> files = new LinkedHashSet<>();

    private MasterReader(ZoneRoot root) {
        this.root = root;
    }

    /** Reads {@code path} (a path under {@code root}) and every file it includes. */
    static MasterReader read(ZoneRoot root, String path) throws ZoneException {
        MasterReader reader = new MasterReader(root);
        reader.file(path, null, -1, 0, root.display(path), 0);
        return reader;
    }

    /** Returns the records in file order, includes expanded where they appear. */
    List<Entry> entries() {
        return entries;
    }

    /** Returns every file read, the zone file first, as paths under the root. */
    Set<String> files() {
        return files;
    }

    private void file(String path, Name origin, long defaultTtl, int depth, String from, int fromLine) throws ZoneException {
        if (depth > MAX_INCLUDE_DEPTH) {
            throw new ZoneException(from, fromLine, "more than " + MAX_INCLUDE_DEPTH + " nested $INCLUDEs");
        }
        files.add(path);
        String shown = root.display(path);
        try (InputStream in = root.open(path)) {
            new Frame(path, shown, new Tokenizer(in), origin, defaultTtl, depth).run();
        } catch (IOException e) {
            if (e instanceof TextParseException) {
                throw located(shown, e.getMessage());
            }
            throw depth == 0 ? new ZoneException(shown, 0, "cannot read: " + e.getMessage())
                    : new ZoneException(from, fromLine, "$INCLUDE " + shown + ": cannot read: " + e.getMessage());
        }
    }

    /** Turns dnsjava's {@code <none>:LINE: message} into {@code path:LINE: message}. */
    private static ZoneException located(String path, String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("<none>:")) {
            int colon = m.indexOf(':', 7);
            if (colon > 7) {
                try {
                    int line = Integer.parseInt(m.substring(7, colon));
                    return new ZoneException(path, line, m.substring(colon + 1).trim());
                } catch (NumberFormatException ignored) {
                    // fall through: no line
                }
            }
        }
        return new ZoneException(path, 0, m);
    }

    /** The state of one file being read: dnsjava Master's loop with lines kept. */
    private final class Frame {
        /** The file as named under the root, for includes. */
        private final String under;
        /** The file as named in messages. */
        private final String path;
        private final Tokenizer st;
        private final int depth;
        private Name origin;
        private long defaultTtl;
        private Record last;
        private int type;
        private int dclass;
        private long ttl;
        private boolean needSoaTtl;

        Frame(String under, String path, Tokenizer st, Name origin, long defaultTtl, int depth) {
            this.under = under;
            this.path = path;
            this.st = st;
            this.origin = origin;
            this.defaultTtl = defaultTtl;
            this.depth = depth;
        }

        private int line() {
            return located(path, st.exception("").getMessage()).line();
        }

        void run() throws IOException, ZoneException {
            while (true) {
                Tokenizer.Token token = st.get(true, false);
                int line = line();
                Name name;
                if (token.type() == Tokenizer.WHITESPACE) {
                    Tokenizer.Token next = st.get();
                    if (next.type() == Tokenizer.EOL) {
                        continue;
                    } else if (next.type() == Tokenizer.EOF) {
                        return;
                    }
                    st.unget();
                    if (last == null) {
                        throw new ZoneException(path, line, "no owner name: the first record starts with white space");
                    }
                    name = last.getName();
                } else if (token.type() == Tokenizer.EOL) {
                    continue;
                } else if (token.type() == Tokenizer.EOF) {
                    return;
                } else if (token.value().startsWith("$")) {
                    directive(token.value(), line);
                    continue;
                } else {
                    name = absolute(token.value(), line);
                }
                ttlClassAndType(line);
                try {
                    last = Record.fromString(name, type, dclass, ttl, st, origin);
                } catch (IllegalArgumentException e) {
                    throw new ZoneException(path, line, e.getMessage());
                }
                if (needSoaTtl) {
                    long minimum = ((SOARecord) last).getMinimum();
                    last = Record.newRecord(last.getName(), last.getType(), last.getDClass(), minimum, WireFormat.rdata(last));
                    defaultTtl = minimum;
                    needSoaTtl = false;
                }
                if (entries.size() >= MAX_RECORDS) {
                    throw new ZoneException(path, line, "more than " + MAX_RECORDS + " records");
                }
                entries.add(new Entry(last, path, line));
            }
        }

        private Name absolute(String text, int line) throws ZoneException {
            Name name;
            try {
                name = Name.fromString(text, origin);
            } catch (TextParseException e) {
                throw new ZoneException(path, line, e.getMessage());
            }
            if (!name.isAbsolute()) {
                throw new ZoneException(path, line, "relative name \"" + text + "\" and no $ORIGIN yet");
            }
            return name;
        }

        private void directive(String word, int line) throws IOException, ZoneException {
            if (word.equalsIgnoreCase("$ORIGIN")) {
                origin = absolute(st.getString(), line);
                st.getEOL();
            } else if (word.equalsIgnoreCase("$TTL")) {
                defaultTtl = st.getTTL();
                st.getEOL();
            } else if (word.equalsIgnoreCase("$INCLUDE")) {
                String name = st.getString();
                Name includeOrigin = origin;
                Tokenizer.Token token = st.get();
                if (token.isString()) {
                    includeOrigin = absolute(token.value(), line);
                    st.getEOL();
                }
                String[] why = new String[1];
                String included = root.include(under, name, why);
                if (included == null) {
                    throw new ZoneException(path, line, why[0]);
                }
                file(included, includeOrigin, defaultTtl, depth + 1, path, line);
            } else if (word.equalsIgnoreCase("$GENERATE")) {
                throw new ZoneException(path, line, "$GENERATE is not supported (NSD does not support it either)");
            } else {
                throw new ZoneException(path, line, "unknown directive " + word);
            }
        }

        /** Reads {@code [ttl] [class] type} in either order, as dnsjava's Master does. */
        private void ttlClassAndType(int line) throws IOException, ZoneException {
            String s = st.getString();
            boolean seenClass = false;
            if ((dclass = DClass.value(s)) >= 0) {
                s = st.getString();
                seenClass = true;
            }
            ttl = -1;
            try {
                ttl = TTL.parseTTL(s);
                s = st.getString();
            } catch (NumberFormatException e) {
                if (defaultTtl >= 0) {
                    ttl = defaultTtl;
                } else if (last != null) {
                    ttl = last.getTTL();
                }
            }
            if (!seenClass) {
                if ((dclass = DClass.value(s)) >= 0) {
                    s = st.getString();
                } else {
                    dclass = DClass.IN;
                }
            }
            if ((type = Type.value(s)) < 0) {
                throw new ZoneException(path, line, "unknown type \"" + s + "\"");
            }
            if (ttl < 0) {
                if (type != Type.SOA) {
                    throw new ZoneException(path, line, "no TTL: give one, or $TTL before the first record");
                }
                needSoaTtl = true;
                ttl = 0;
            }
        }
    }
}
