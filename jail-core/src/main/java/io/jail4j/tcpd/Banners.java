package io.jail4j.tcpd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code banners} directory, read before the chroot: one file per daemon name, sent to the
 * client when a rule with {@code banners DIR} matches, with {@code %} expansions and each line
 * ended by CR LF, as libwrap's {@code banners_option} does.
 */
final class Banners {
    private static final int MAX_FILES = 1000;
    private static final int MAX_BYTES = 1 << 20;

    final String dir;
    /** Why the directory could not be read ({@code %m}), or {@code null}. */
    final String missing;
    private final Map<String, byte[]> files;

    private Banners(String dir, String missing, Map<String, byte[]> files) {
        this.dir = dir;
        this.missing = missing;
        this.files = files;
    }

    static Banners load(Path dir, List<FileStamp> stamps) throws HostsFileException {
        Map<String, byte[]> files = new HashMap<>();
        stamps.add(FileStamp.of(dir));
        if (!Files.exists(dir)) {
            return new Banners(dir.toString(), "No such file or directory", files);
        }
        if (!Files.isDirectory(dir)) {
            return new Banners(dir.toString(), null, files);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isRegularFile(p)) {
                    if (files.size() >= MAX_FILES) {
                        throw new HostsFileException(dir, 0, "more than " + MAX_FILES + " banner files");
                    }
                    if (Files.size(p) > MAX_BYTES) {
                        throw new HostsFileException(p, 0, "banner file larger than " + MAX_BYTES + " bytes");
                    }
                    stamps.add(FileStamp.of(p));
                    files.put(CText.bytes(p.getFileName().toString()), Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new HostsFileException(dir, 0, "cannot read banner directory: " + FileStamp.reason(e), e);
        }
        return new Banners(dir.toString(), null, Map.copyOf(files));
    }

    /**
     * Returns the banner for {@code r}'s daemon, expanded, or an empty array; {@code null} if an
     * expansion overflows libwrap's buffer (libwrap then ends the process).
     */
    byte[] render(Request r, List<String> warnings) {
        byte[] data = files.get(Expander.rawDaemon(r));
        if (data == null) {
            return new byte[0];
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (pos < data.length && data[pos] == 0) {
            out.append('\0');
            pos++;
        }
        while (pos < data.length) {
            int start = pos;
            while (pos < data.length && pos - start < 8190) {
                if (data[pos++] == '\n') {
                    break;
                }
            }
            String line = CText.cString(new String(data, start, pos - start, StandardCharsets.ISO_8859_1));
            int nl = CText.splitAt(line, 0, '\n');
            if (nl >= 0) {
                line = line.substring(0, nl) + "\r\n";
            }
            String expanded = Expander.expand(line, r, 16384, warnings);
            if (expanded == null) {
                return null;
            }
            out.append(expanded);
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
