package io.jail4j.layout;

import java.util.ArrayList;
import java.util.List;

/** Reads and writes the colon-separated lines of {@code etc/passwd} and {@code etc/group}. */
final class Accounts {

    /** One {@code etc/passwd} line: {@code name:password:uid:gid:gecos:home:shell}. */
    static final class User {
        final int line;
        final String name;
        final String password;
        final long uid;
        final long gid;
        final String home;
        final String shell;
        /** Why a layout declares the user; null for an entry read from a file. */
        final String reason;

        User(int line, String name, String password, long uid, long gid, String home, String shell, String reason) {
            this.line = line;
            this.reason = reason;
            this.name = name;
            this.password = password;
            this.uid = uid;
            this.gid = gid;
            this.home = home;
            this.shell = shell;
        }

        String format() {
            return name + ":" + password + ":" + uid + ":" + gid + "::" + home + ":" + shell;
        }
    }

    /** One {@code etc/group} line: {@code name:password:gid:member,member}. */
    static final class Group {
        final int line;
        final String name;
        final long gid;
        final List<String> members;
        /** Why a layout declares the group; null for an entry read from a file. */
        final String reason;

        Group(int line, String name, long gid, List<String> members, String reason) {
            this.line = line;
            this.reason = reason;
            this.name = name;
            this.gid = gid;
            this.members = List.copyOf(members);
        }

        String format() {
            return name + ":x:" + gid + ":" + String.join(",", members);
        }
    }

    private Accounts() {
    }

    /** Parses passwd text; skips blank lines, comments and lines that do not have seven fields with numeric ids. */
    static List<User> users(String text) {
        List<User> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split(":", -1);
            if (f.length < 7 || f[0].isEmpty() || f[0].startsWith("#")) {
                continue;
            }
            long uid = id(f[2]);
            long gid = id(f[3]);
            if (uid >= 0 && gid >= 0) {
                out.add(new User(i + 1, f[0], f[1], uid, gid, f[5], f[6], null));
            }
        }
        return out;
    }

    /** Parses group text; skips lines that do not have four fields with a numeric gid. */
    static List<Group> groups(String text) {
        List<Group> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split(":", -1);
            if (f.length < 4 || f[0].isEmpty() || f[0].startsWith("#")) {
                continue;
            }
            long gid = id(f[2]);
            if (gid < 0) {
                continue;
            }
            List<String> members = new ArrayList<>();
            for (String m : f[3].split(",")) {
                if (!m.isBlank()) {
                    members.add(m.trim());
                }
            }
            out.add(new Group(i + 1, f[0], gid, members, null));
        }
        return out;
    }

    private static long id(String s) {
        try {
            long v = Long.parseLong(s.trim());
            return v >= 0 && v <= 0xFFFF_FFFEL ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
