package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Directory listings: {@code LIST} lines in vsftpd's {@code ls -l} format (numeric owner and group,
 * UTC times), names for {@code NLST}, RFC 3659 facts for {@code MLST}/{@code MLSD}. Reads
 * attributes with {@code unix:} views, never by user name (no user database inside the jail).
 */
final class Listing {
    static final String ATTRIBUTES = "unix:mode,nlink,uid,gid,size,lastModifiedTime";
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final long HALF_YEAR = 60L * 60 * 24 * 182;
    private static final int S_IFMT = 0170000;

    /** One directory entry with the attributes of the entry itself (links not followed). */
    record Entry(String name, int mode, long nlink, long uid, long gid, long size, long mtime, String link) {
        boolean directory() {
            return (mode & S_IFMT) == 0040000;
        }

        boolean regular() {
            return (mode & S_IFMT) == 0100000;
        }
    }

    private Listing() {
    }

    /** Reads one entry's attributes without following a final symbolic link. */
    static Entry read(Path path, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String link = (mode & S_IFMT) == 0120000 ? Files.readSymbolicLink(path).toString() : null;
        return new Entry(name, mode, ((Number) a.get("nlink")).longValue(), ((Number) a.get("uid")).longValue(),
                ((Number) a.get("gid")).longValue(), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000, link);
    }

    /**
     * Reads a directory's entries sorted by name (byte order), skipping names that start with
     * {@code .} unless {@code all}, with {@code .} and {@code ..} first if {@code all}. Entries
     * that vanish while being read are skipped.
     */
    static List<Entry> directory(Path dir, Path parent, boolean all) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!all && name.startsWith(".")) {
                    continue;
                }
                try {
                    entries.add(read(p, name));
                } catch (IOException gone) {
                    // removed or unreadable meanwhile: not listed
                }
            }
        }
        entries.sort(Comparator.comparing(e -> e.name().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        if (all) {
            entries.add(0, read(parent, ".."));
            entries.add(0, read(dir, "."));
        }
        return entries;
    }

    /** Formats one {@code LIST} line, without the line end, as vsftpd does. */
    static String line(Entry e, long now) {
        StringBuilder s = new StringBuilder(80);
        s.append(permissions(e.mode()));
        s.append(' ').append(pad(Long.toString(e.nlink()), 4, true));
        s.append(' ').append(pad(Long.toString(e.uid()), 8, false));
        s.append(' ').append(pad(Long.toString(e.gid()), 8, false));
        s.append(' ').append(pad(Long.toString(e.size()), 8, true));
        s.append(' ').append(date(e.mtime(), now));
        s.append(' ').append(Replies.printable(e.name()));
        if (e.link() != null) {
            s.append(" -> ").append(Replies.printable(e.link()));
        }
        return s.toString();
    }

    /** Returns {@code drwxr-xr-x} and the like, with setuid, setgid and sticky letters. */
    static String permissions(int mode) {
        char[] c = new char[10];
        switch (mode & S_IFMT) {
            case 0040000: c[0] = 'd'; break;
            case 0120000: c[0] = 'l'; break;
            case 0010000: c[0] = 'p'; break;
            case 0020000: c[0] = 'c'; break;
            case 0060000: c[0] = 'b'; break;
            case 0140000: c[0] = 's'; break;
            default: c[0] = '-';
        }
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            c[i + 1] = (mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-';
        }
        special(c, 3, (mode & 04000) != 0, 's');
        special(c, 6, (mode & 02000) != 0, 's');
        special(c, 9, (mode & 01000) != 0, 't');
        return new String(c);
    }

    private static void special(char[] c, int i, boolean set, char letter) {
        if (set) {
            c[i] = c[i] == 'x' ? letter : Character.toUpperCase(letter);
        }
    }

    /** Formats {@code Mar 05 10:00} within half a year of now, else {@code Mar 05  2020}, in UTC. */
    static String date(long mtime, long now) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(mtime, 0, ZoneOffset.UTC);
        String day = MONTHS[t.getMonthValue() - 1] + " " + two(t.getDayOfMonth());
        if (mtime > now || now - mtime > HALF_YEAR) {
            return day + "  " + t.getYear();
        }
        return day + " " + two(t.getHour()) + ":" + two(t.getMinute());
    }

    /** Formats RFC 3659's {@code time-val}: {@code YYYYMMDDHHMMSS} in UTC. */
    static String timeVal(long mtime) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(mtime, 0, ZoneOffset.UTC);
        return four(t.getYear()) + two(t.getMonthValue()) + two(t.getDayOfMonth()) + two(t.getHour())
                + two(t.getMinute()) + two(t.getSecond());
    }

    /**
     * Formats the RFC 3659 facts of an entry ({@code type=file;size=6;modify=...;perm=r;}),
     * only those in {@code facts} (lower case names), followed by a space and the name.
     */
    static String facts(Entry e, String type, String perm, List<String> facts, String name) {
        StringBuilder s = new StringBuilder();
        if (facts.contains("type")) {
            s.append("type=").append(type).append(';');
        }
        if (facts.contains("size") && !e.directory()) {
            s.append("size=").append(e.size()).append(';');
        }
        if (facts.contains("modify")) {
            s.append("modify=").append(timeVal(e.mtime())).append(';');
        }
        if (facts.contains("perm")) {
            s.append("perm=").append(perm).append(';');
        }
        return s.append(' ').append(Replies.printable(name)).toString();
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String four(int v) {
        String s = Integer.toString(v);
        return s.length() >= 4 ? s : "0".repeat(4 - s.length()) + s;
    }
}
