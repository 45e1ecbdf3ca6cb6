package io.jail4j.tcpd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One access control file ({@code hosts.allow} or {@code hosts.deny}) read as libwrap's
 * {@code table_match} reads it. Lines starting with {@code #} (in the first column only) and
 * blank lines are skipped; a line without a {@code :} outside brackets is skipped with a warning;
 * a line that does not end in a newline (the last line, or one of 2047 bytes or more) stops the
 * reading with a warning, and a check that reaches that point without a match gets libwrap's
 * error result ({@link #broken}): the deny file then denies everyone.
 */
final class Table {
    /** A diagnostic found while reading, with the number of rules read before it. */
    record Scan(int rulesBefore, Diagnostic note) {
    }

    final Path path;
    final String name;
    final boolean allowTable;
    final List<Rule> rules;
    final List<Scan> scans;
    final boolean broken;
    final RuleIndex index;

    private Table(Path path, boolean allowTable, List<Rule> rules, List<Scan> scans, boolean broken) {
        this.path = path;
        this.name = path.toString();
        this.allowTable = allowTable;
        this.rules = rules;
        this.scans = scans;
        this.broken = broken;
        this.index = new RuleIndex(rules);
    }

    /**
     * Reads and parses the table at {@code path} (a missing file is an empty table), noting its
     * stamp for reloading.
     *
     * @throws HostsFileException if it is a directory or cannot be read (libwrap would read it as
     *     empty, or deny everyone at each connection)
     */
    static Table load(Path path, boolean allowTable, LoadContext ctx) throws HostsFileException {
        ctx.stamps.add(FileStamp.of(path));
        if (Files.isDirectory(path)) {
            throw new HostsFileException(path, 0, "is a directory (libwrap would read it as an empty file)");
        }
        byte[] data;
        try {
            data = FileSizeLimit.DEFAULT.read(path);
        } catch (NoSuchFileException e) {
            data = null;
        } catch (IOException e) {
            throw new HostsFileException(path, 0, "cannot read: " + FileStamp.reason(e), e);
        }
        return parse(path, data, allowTable, ctx);
    }

    /** Parses a table; {@code data} is {@code null} for a missing file (an empty table). */
    static Table parse(Path path, byte[] data, boolean allowTable, LoadContext ctx) throws HostsFileException {
        Set<String> interfaces = ctx.interfaces;
        ListFile.Loader lists = ctx.lists;
        List<Diagnostic> notes = ctx.notes;
        List<Rule> rules = new ArrayList<>();
        List<Scan> scans = new ArrayList<>();
        boolean broken = false;
        String name = path.toString();
        if (data != null) {
            LineReader reader = new LineReader(data);
            String line;
            while ((line = reader.next()) != null) {
                int at = reader.line();
                if (line.isEmpty() || line.charAt(line.length() - 1) != '\n') {
                    scan(scans, notes, rules.size(), Diagnostic.warning(name, at, "missing newline or line too long"));
                    scan(scans, notes, rules.size(), Diagnostic.warning(name, at, "all the subsequent rules will be ignored"));
                    broken = true;
                    break;
                }
                if (line.charAt(0) == '#' || blank(line)) {
                    continue;
                }
                int colon = CText.splitAt(line, 0, ':');
                if (colon < 0) {
                    scan(scans, notes, rules.size(), Diagnostic.warning(name, at, "missing \":\" separator"));
                    continue;
                }
                String rest = line.substring(colon + 1);
                int second = CText.splitAt(rest, 0, ':');
                String clients = second < 0 ? rest : rest.substring(0, second);
                String optionText = second < 0 ? null : rest.substring(second + 1);
                lists.origin(name, at);
                List<List<ServerToken>> d = new ArrayList<>();
                for (List<String> seg : PatternList.split(line.substring(0, colon))) {
                    List<ServerToken> items = new ArrayList<>();
                    for (String tok : seg) {
                        items.add(ServerToken.of(tok, interfaces, lists));
                    }
                    d.add(items);
                }
                List<List<ClientToken>> c = new ArrayList<>();
                for (List<String> seg : PatternList.split(clients)) {
                    List<ClientToken> items = new ArrayList<>();
                    for (String tok : seg) {
                        items.add(ClientToken.of(tok, interfaces, lists));
                    }
                    c.add(items);
                }
                Options options = optionText == null ? null : Options.parse(optionText, path, at, ctx);
                String text = line.substring(0, line.length() - 1);
                rules.add(new Rule(rules.size(), at, text, new PatternList<>(d), new PatternList<>(c), options));
            }
        }
        return new Table(path, allowTable, List.copyOf(rules), List.copyOf(scans), broken);
    }

    private static void scan(List<Scan> scans, List<Diagnostic> notes, int rulesBefore, Diagnostic note) {
        scans.add(new Scan(rulesBefore, note));
        notes.add(note);
    }

    private static boolean blank(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (" \t\r\n".indexOf(line.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns the first rule that matches, or {@code null} (then see {@link #broken}). */
    Rule first(Request r, MatchContext ctx) {
        return index.first(r, ctx);
    }

    /**
     * Adds what libwrap logs while scanning this table for {@code r} up to {@code matched} (all
     * of it if {@code null}): skipped lines, warnings of list files it opens, and for the matched
     * rule {@code matched:  FILE line N} followed by {@code trace}.
     */
    void explain(Request r, Set<String> interfaces, Rule matched, List<String> trace, List<String> out) {
        MatchContext ctx = new MatchContext(interfaces, out);
        int next = 0;
        for (int i = 0; i <= rules.size(); i++) {
            while (next < scans.size() && scans.get(next).rulesBefore() <= i) {
                out.add(scans.get(next++).note().toString());
            }
            if (i == rules.size()) {
                break;
            }
            Rule rule = rules.get(i);
            ctx.file = name;
            ctx.line = rule.line;
            rule.matches(r, ctx); // for what libwrap logs on the way (list files it cannot open)
            if (rule == matched) {
                out.add("matched:  " + CText.text(name) + " line " + rule.line);
                out.addAll(trace);
                return;
            }
        }
    }
}
