package io.jail4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a running process from outside through {@code /proc/PID}, independently of the library's
 * own parser, and lists every way it is not jailed.
 */
final class Outside {
    private Outside() {
    }

    /** Reads the access mode from {@code /proc/PID/fdinfo/FD}, independently of the library. */
    private static boolean writable(Path proc, String fd) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("fdinfo").resolve(fd))) {
            if (line.startsWith("flags:")) {
                int mode = Integer.parseInt(line.substring(6).trim(), 8) & 3;
                return mode != 0;
            }
        }
        return false;
    }

    static List<String> violations(long pid, Path jail, long uid, long gid, Set<Long> groups) throws IOException {
        List<String> bad = new ArrayList<>();
        Path proc = Path.of("/proc", String.valueOf(pid));
        Path root = Files.readSymbolicLink(proc.resolve("root"));
        if (!root.equals(jail)) {
            bad.add("root is " + root + ", expected " + jail);
        }
        Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
        if (!cwd.startsWith(jail)) {
            bad.add("cwd is " + cwd + ", outside " + jail);
        }
        int tasks = 0;
        try (Stream<Path> all = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) all::iterator) {
                tasks++;
                for (String line : Files.readAllLines(task.resolve("status"))) {
                    String[] f = line.split("\\s+");
                    String tid = task.getFileName().toString();
                    switch (f[0]) {
                        case "Uid:":
                        case "Gid:": {
                            long want = f[0].equals("Uid:") ? uid : gid;
                            for (int i = 1; i <= 4; i++) {
                                if (Long.parseLong(f[i]) != want) {
                                    bad.add("task " + tid + ": " + line);
                                    break;
                                }
                            }
                            break;
                        }
                        case "Groups:": {
                            Set<Long> got = new TreeSet<>();
                            for (int i = 1; i < f.length; i++) {
                                got.add(Long.parseLong(f[i]));
                            }
                            if (!got.equals(groups)) {
                                bad.add("task " + tid + ": Groups " + got + ", expected " + groups);
                            }
                            break;
                        }
                        case "CapPrm:":
                        case "CapEff:":
                        case "CapAmb:":
                            if (Long.parseUnsignedLong(f[1], 16) != 0) {
                                bad.add("task " + tid + ": " + line);
                            }
                            break;
                        case "NoNewPrivs:":
                            if (!f[1].equals("1")) {
                                bad.add("task " + tid + ": " + line);
                            }
                            break;
                        default:
                            break;
                    }
                }
            }
        }
        if (tasks < 10) {
            bad.add("only " + tasks + " tasks: a JVM has more, the listing is wrong");
        }
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                if (Files.isDirectory(fd)) {
                    bad.add("fd " + fd.getFileName() + " is a directory: " + Files.readSymbolicLink(fd));
                }
                Path target = Files.readSymbolicLink(fd);
                if (Files.isRegularFile(fd) && !target.startsWith(jail) && writable(proc, fd.getFileName().toString())) {
                    bad.add("fd " + fd.getFileName() + " is open for writing on " + target + ", outside the jail");
                }
            }
        }
        return bad;
    }
}
