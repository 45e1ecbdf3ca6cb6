package io.jail4j.layout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout spec format: one declaration a line, so that a change to one path is a one-line
 * diff, like the permission scripts and mtree files it replaces. Fields are separated by
 * whitespace; a field with spaces or special characters is double-quoted with C escapes
 * ({@code \n \t \\ \" \xHH}); everything after a lone {@code --} is the reason, which every line
 * needs; {@code #} starts a comment line.
 */
final class LayoutSpec {
    private LayoutSpec() {
    }

    static JailLayout parse(String spec, JailLayout start) throws LayoutException {
        JailLayout layout = start;
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = spec.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> f = new ArrayList<>();
            String reason = tokenize(line, n, f);
            if (reason == null || reason.isEmpty()) {
                throw error(n, f.size() > 1 ? f.get(1) : "", "the reason is missing: end the line with -- and why the entry is there");
            }
            String kind = f.get(0);
            String name = f.size() > 1 ? f.get(1) : "";
            try {
                boolean account = kind.equals("user") || kind.equals("group");
                String key = account ? kind + " " + name : "/" + LayoutPaths.check(kind, name);
                Integer before = seen.put(key, n);
                if (before != null) {
                    throw error(n, name, key + " is already declared on line " + before);
                }
                layout = apply(layout, kind, f, reason, n);
            } catch (IllegalArgumentException e) {
                throw error(n, name, e.getMessage());
            }
        }
        return layout;
    }

    private static JailLayout apply(JailLayout l, String kind, List<String> f, String reason, int n) throws LayoutException {
        switch (kind) {
            case "dir":
                arity(f, 4, n, "dir PATH OWNER MODE -- REASON");
                return l.dir(f.get(1), f.get(2), mode(f.get(3), n), reason);
            case "data":
                arity(f, 4, n, "data PATH OWNER MODE -- REASON");
                return l.dataDir(f.get(1), f.get(2), mode(f.get(3), n), reason);
            case "copy":
                arity(f, 5, n, "copy PATH OWNER MODE HOST-FILE -- REASON");
                return l.copy(f.get(1), Path.of(f.get(4)), f.get(2), mode(f.get(3), n), reason);
            case "text":
                arity(f, 5, n, "text PATH OWNER MODE \"CONTENT\" -- REASON");
                return l.text(f.get(1), f.get(4), f.get(2), mode(f.get(3), n), reason);
            case "char":
                arity(f, 5, n, "char PATH OWNER MODE MAJOR:MINOR -- REASON");
                String[] mm = f.get(4).split(":", -1);
                if (mm.length != 2) {
                    throw error(n, f.get(1), "\"" + f.get(4) + "\" is not MAJOR:MINOR");
                }
                return l.device(f.get(1), number(mm[0], n), number(mm[1], n), f.get(2), mode(f.get(3), n), reason);
            case "user":
                arity(f, 6, n, "user NAME UID GID HOME SHELL -- REASON");
                return l.user(f.get(1), number(f.get(2), n), number(f.get(3), n), f.get(4), f.get(5), reason);
            case "group":
                if (f.size() != 3 && f.size() != 4) {
                    throw error(n, "", "expected: group NAME GID [MEMBER,MEMBER...] -- REASON");
                }
                List<String> members = f.size() == 4 ? List.of(f.get(3).split(",")) : List.of();
                return l.group(f.get(1), number(f.get(2), n), members, reason);
            case "omit":
                arity(f, 2, n, "omit PATH -- REASON");
                return l.omit(f.get(1), reason);
            default:
                throw error(n, "", "unknown declaration \"" + kind + "\" (expected dir, data, copy, text, char, user,"
                        + " group or omit)");
        }
    }

    private static void arity(List<String> f, int want, int n, String usage) throws LayoutException {
        if (f.size() != want) {
            throw error(n, f.size() > 1 ? f.get(1) : "", "expected: " + usage);
        }
    }

    private static int mode(String s, int n) throws LayoutException {
        if (!s.matches("[0-7]{3,4}")) {
            throw error(n, "", "mode \"" + s + "\" is not 3 or 4 octal digits, such as 0755");
        }
        return Integer.parseInt(s, 8);
    }

    private static int number(String s, int n) throws LayoutException {
        if (!s.matches("[0-9]{1,10}")) {
            throw error(n, "", "\"" + s + "\" is not a number");
        }
        long v = Long.parseLong(s);
        if (v > Integer.MAX_VALUE) {
            throw error(n, "", s + " is too large");
        }
        return (int) v;
    }

    /** Splits a line into fields; returns the reason (after a lone "--"), or null if there is none. */
    private static String tokenize(String line, int n, List<String> out) throws LayoutException {
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw error(n, "", "unterminated quoted field");
                    }
                    char q = line.charAt(i++);
                    if (q == '"') {
                        break;
                    }
                    if (q != '\\') {
                        b.append(q);
                        continue;
                    }
                    if (i >= line.length()) {
                        throw error(n, "", "a backslash ends the line");
                    }
                    char x = line.charAt(i++);
                    switch (x) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break;
                        case '\\': b.append('\\'); break;
                        case '"': b.append('"'); break;
                        case 'x':
                            if (i + 2 > line.length() || !line.substring(i, i + 2).matches("[0-9a-fA-F]{2}")) {
                                throw error(n, "", "\\x needs two hex digits");
                            }
                            b.append((char) Integer.parseInt(line.substring(i, i + 2), 16));
                            i += 2;
                            break;
                        default:
                            throw error(n, "", "unknown escape \\" + x + " (use \\n \\t \\r \\\\ \\\" \\xHH)");
                    }
                }
                out.add(b.toString());
            } else {
                int start = i;
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                String word = line.substring(start, i);
                if (word.equals("--")) {
                    return line.substring(i).strip();
                }
                out.add(word);
            }
        }
        return null;
    }

    private static LayoutException error(int line, String path, String message) {
        return new LayoutException(path.isEmpty() ? "line " + line : path, "line " + line + ": " + message);
    }

    /** Writes a layout as a spec that {@link #parse} reads back to an equal layout: accounts first, then paths. */
    static String format(JailLayout layout) {
        List<String[]> accounts = new ArrayList<>();
        for (Accounts.User u : layout.declared().users) {
            accounts.add(new String[] {"user", quote(u.name), u.uid + " " + u.gid + " " + quote(u.home) + " " + quote(u.shell),
                    u.reason});
        }
        for (Accounts.Group g : layout.declared().groups) {
            accounts.add(new String[] {"group", quote(g.name), g.gid + (g.members.isEmpty() ? ""
                    : " " + quote(String.join(",", g.members))), g.reason});
        }
        List<String[]> paths = new ArrayList<>();
        for (LayoutEntry e : layout.declared().entries.values()) {
            String kind = e.data ? "data" : e.kind.keyword;
            String arg = e.kind == LayoutEntry.Kind.COPY ? quote(e.source.toString())
                    : e.kind == LayoutEntry.Kind.TEXT ? quote(e.contentText())
                    : e.kind == LayoutEntry.Kind.CHAR ? e.major + ":" + e.minor : "";
            paths.add(new String[] {kind, quote(e.jailPath()), e.owner + " " + Stat.octal(e.mode) + (arg.isEmpty() ? "" : " " + arg),
                    e.reason});
        }
        for (Map.Entry<String, String> o : layout.declared().omitted.entrySet()) {
            paths.add(new String[] {"omit", quote("/" + o.getKey()), "", o.getValue()});
        }
        StringBuilder s = new StringBuilder();
        block(s, accounts);
        if (!accounts.isEmpty() && !paths.isEmpty()) {
            s.append('\n');
        }
        block(s, paths);
        return s.toString();
    }

    private static void block(StringBuilder s, List<String[]> rows) {
        int name = 0;
        int rest = 0;
        for (String[] r : rows) {
            name = Math.max(name, r[1].length());
            rest = Math.max(rest, Math.min(r[2].length(), 40));
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(r[0]);
            pad(line, 6);
            line.append(r[1]);
            pad(line, 6 + name + 1);
            line.append(r[2]);
            pad(line, 6 + name + 1 + rest);
            s.append(line).append(" -- ").append(r[3]).append('\n');
        }
    }

    private static void pad(StringBuilder b, int width) {
        while (b.length() < width) {
            b.append(' ');
        }
    }

    private static String quote(String s) {
        boolean plain = !s.isEmpty() && !s.equals("--") && !s.startsWith("#");
        for (int i = 0; plain && i < s.length(); i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c != '"' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                case '\\': b.append("\\\\"); break;
                case '"': b.append("\\\""); break;
                default:
                    if (c < ' ' || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
