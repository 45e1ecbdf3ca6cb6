package io.jail4j.tcpd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code /path} pattern: the host patterns listed in a file, separated by white space (no
 * comments: {@code #} is a pattern like any other), read once, before the chroot. libwrap reads
 * the file at every check and stops at the first pattern that matches; a missing file or a
 * directory matches nothing; a file that cannot be opened for another reason matches nothing and
 * is reported as a warning.
 */
final class ListFile {
    /** libwrap scans each pattern into an 8192-byte stack buffer with an unbounded {@code %s}. */
    static final int MAX_TOKEN = 8191;

    final String path;
    final String warning;
    private final HostPattern[] patterns;

    private ListFile(String path, String warning, HostPattern[] patterns) {
        this.path = path;
        this.warning = warning;
        this.patterns = patterns;
    }

    boolean matches(Endpoint host, MatchContext ctx) {
        if (warning != null && ctx.trace != null) {
            ctx.trace.add(Diagnostic.warning(ctx.file, ctx.line, warning).toString());
        }
        for (HostPattern p : patterns) {
            if (p.matches(host, ctx)) {
                return true;
            }
        }
        return false;
    }

    boolean needsName() {
        for (HostPattern p : patterns) {
            if (p.needsName()) {
                return true;
            }
        }
        return false;
    }

    /** Loads list files for one rule set: shared when named twice, refused when they loop. */
    static final class Loader {
        private static final int MAX_DEPTH = 32;
        private static final int MAX_FILES = 1000;

        private final Set<String> interfaces;
        private final FileSizeLimit limits;
        private final Map<String, ListFile> loaded = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<FileStamp> stamps;
        private final List<Diagnostic> warnings;
        private String originFile = "";
        private int originLine;

        Loader(Set<String> interfaces, FileSizeLimit limits, List<FileStamp> stamps, List<Diagnostic> warnings) {
            this.interfaces = interfaces;
            this.limits = limits;
            this.stamps = stamps;
            this.warnings = warnings;
        }

        /** Names the rule file and line that list files are being loaded for, for messages. */
        void origin(String file, int line) {
            this.originFile = file;
            this.originLine = line;
        }

        ListFile load(String tok) throws HostsFileException {
            Path path = Path.of(CText.text(tok));
            String key = path.toAbsolutePath().normalize().toString();
            ListFile done = loaded.get(key);
            if (done != null) {
                return done;
            }
            if (stack.contains(key)) {
                throw new HostsFileException(Path.of(originFile), originLine, "list file loop: " + String.join(" -> ", stack) + " -> " + key
                        + " (libwrap would recurse until its stack overflows)");
            }
            if (stack.size() >= MAX_DEPTH || loaded.size() >= MAX_FILES) {
                throw new HostsFileException(Path.of(originFile), originLine, "too many nested list files (more than "
                        + (stack.size() >= MAX_DEPTH ? MAX_DEPTH + " deep" : MAX_FILES + " files") + ")");
            }
            stack.add(key);
            try {
                ListFile file = read(path, tok);
                loaded.put(key, file);
                return file;
            } finally {
                stack.remove(stack.size() - 1);
            }
        }

        private ListFile read(Path path, String tok) throws HostsFileException {
            byte[] data;
            String warning = null;
            FileStamp stamp = FileStamp.of(path);
            stamps.add(stamp);
            try {
                if (Files.isDirectory(path)) {
                    data = new byte[0]; // fopen succeeds, fscanf reads nothing
                } else {
                    data = limits.read(path);
                }
            } catch (NoSuchFileException e) {
                data = new byte[0];
            } catch (IOException e) {
                data = new byte[0];
                warning = "open " + CText.printable(tok) + ": " + FileStamp.reason(e);
                warnings.add(Diagnostic.warning(originFile, originLine, warning));
            }
            String text = new String(data, StandardCharsets.ISO_8859_1);
            List<HostPattern> patterns = new ArrayList<>();
            int i = 0;
            int line = 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (CText.isSpace(c)) {
                    if (c == '\n') {
                        line++;
                    }
                    i++;
                    continue;
                }
                int start = i;
                while (i < text.length() && !CText.isSpace(text.charAt(i))) {
                    i++;
                }
                if (i - start > MAX_TOKEN) {
                    throw new HostsFileException(path, line, "pattern of " + (i - start) + " bytes in list file "
                            + "(libwrap's buffer holds " + MAX_TOKEN + " and would overflow)");
                }
                patterns.add(HostPattern.of(CText.cString(text.substring(start, i)), interfaces, this));
            }
            return new ListFile(tok, warning, patterns.toArray(new HostPattern[0]));
        }
    }
}
