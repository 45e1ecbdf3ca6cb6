package io.jail4j.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The mounts of this process's mount namespace, from {@code /proc/self/mountinfo}. */
final class Mounts {
    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** Kernel file systems that expose the host (processes, devices, kernel state) wherever mounted. */
    private static final Set<String> KERNEL_TYPES = Set.of("proc", "sysfs", "devtmpfs", "cgroup", "cgroup2",
            "debugfs", "tracefs", "securityfs", "bpf", "configfs", "efivarfs", "fusectl", "pstore", "binfmt_misc",
            "hugetlbfs", "mqueue", "autofs", "rpc_pipefs", "nsfs");

    /** One line of mountinfo: where, what type, which part of its file system, from where, with which options. */
    static final class Mount {
        final Path point;
        final String root;
        final String type;
        final String source;
        final String options;

        Mount(Path point, String root, String type, String source, String options) {
            this.point = point;
            this.root = root;
            this.type = type;
            this.source = source;
            this.options = options;
        }

        /** Returns whether the file system exposes the kernel or other processes (proc, sysfs, ...). */
        boolean kernel() {
            return KERNEL_TYPES.contains(type);
        }

        /** Returns whether the mount shows a subdirectory of its file system: a bind mount. */
        boolean bind() {
            return !"/".equals(root);
        }

        boolean hasOption(String option) {
            for (String o : options.split(",")) {
                if (o.equals(option)) {
                    return true;
                }
            }
            return false;
        }
    }

    private Mounts() {
    }

    static List<Mount> read() throws IOException {
        return parse(new String(Files.readAllBytes(MOUNTINFO), StandardCharsets.UTF_8));
    }

    /**
     * Parses mountinfo text: {@code id parent major:minor root point options [optional...] - type source super}.
     * Lines that do not have that shape are skipped.
     */
    static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Mount(Path.of(unescape(f[4])), unescape(f[3]), f[dash + 1], unescape(f[dash + 2]), f[5]));
        }
        return out;
    }

    /** Decodes the octal escapes mountinfo uses for space, tab, newline and backslash. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
