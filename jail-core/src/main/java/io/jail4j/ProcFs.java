package io.jail4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reads of this process's own {@code /proc} files that {@link Native} makes, with
 * {@code java.nio.file}: no native calls here. A file that vanished because its descriptor,
 * thread or process went away meanwhile is reported as gone where that is an answer; any other
 * failure to read or parse a file throws {@link ProcFileException} naming it. The fields of
 * {@code status} files are parsed by {@link ProcStatus}, which the proof shares.
 */
final class ProcFs {
    private static final Path SELF = Path.of("/proc/self");

    private ProcFs() {
    }

    /** Returns CapEff of {@code /proc/self/status}. */
    static long effectiveCapabilities() throws ProcFileException {
        Path status = SELF.resolve("status");
        String value = new ProcStatus(read(status)).field("CapEff");
        if (value == null) {
            throw new ProcFileException(status, "it has no CapEff: line", null);
        }
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            throw new ProcFileException(status, "CapEff: \"" + value + "\" is not a hexadecimal number", e);
        }
    }

    /** Returns the numbers in {@code /proc/self/fd}, in order. */
    static List<Integer> openDescriptors() throws ProcFileException {
        List<Integer> out = new ArrayList<>();
        for (String name : list(SELF.resolve("fd"))) {
            out.add(number(SELF.resolve("fd"), name));
        }
        out.sort(null);
        return out;
    }

    /** Returns the thread ids in {@code /proc/self/task}, in order. */
    static List<Long> threads() throws ProcFileException {
        List<Long> out = new ArrayList<>();
        for (String name : list(SELF.resolve("task"))) {
            out.add((long) number(SELF.resolve("task"), name));
        }
        out.sort(null);
        return out;
    }

    /** Returns the {@code /proc/self/fd/FD} link text, or null if the descriptor is not open. */
    static String link(int fd) throws ProcFileException {
        Path link = SELF.resolve("fd/" + fd);
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new ProcFileException(link, "readlink failed: " + e, e);
        }
    }

    /**
     * Returns the open flags of descriptor {@code fd} from the octal {@code flags:} line of
     * {@code /proc/self/fdinfo/FD}, or null if it was closed meanwhile; anything else unreadable
     * throws (a descriptor whose access mode is unknown is never taken as read-only).
     */
    static Integer openFlags(int fd) throws ProcFileException {
        Path info = SELF.resolve("fdinfo/" + fd);
        String text;
        try {
            text = Files.readString(info, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new ProcFileException(info, e.toString(), e);
        }
        String flags = new ProcStatus(text).field("flags");
        if (flags == null) {
            throw new ProcFileException(info, "it has no flags: line", null);
        }
        try {
            return Integer.parseInt(flags, 8);
        } catch (NumberFormatException e) {
            throw new ProcFileException(info, "flags: \"" + flags + "\" is not an octal number", e);
        }
    }

    /**
     * Returns the shared writable file mappings listed in {@code /proc/self/maps} (permissions
     * {@code rw?s} with a path); anonymous and special ({@code [..]}) mappings are left out.
     */
    static List<SystemCalls.Mapping> sharedWritableMappings() throws ProcFileException {
        Path maps = SELF.resolve("maps");
        List<SystemCalls.Mapping> out = new ArrayList<>();
        for (String line : read(maps).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" +", 6);
            if (f.length < 5 || f[1].length() != 4) {
                throw new ProcFileException(maps, "unexpected line \"" + line + "\"", null);
            }
            if (f[1].charAt(1) != 'w' || f[1].charAt(3) != 's') {
                continue;
            }
            String path = f.length == 6 ? f[5].trim() : "";
            if (path.isEmpty() || path.startsWith("[")) {
                continue;
            }
            out.add(new SystemCalls.Mapping(f[0], path));
        }
        return out;
    }

    /** Returns the live children of this process, from every {@code /proc/PID/stat}. */
    static List<SystemCalls.Child> children() throws ProcFileException {
        long self = ProcessHandle.current().pid();
        List<SystemCalls.Child> out = new ArrayList<>();
        for (String pid : list(Path.of("/proc"))) {
            if (pid.isEmpty() || !Character.isDigit(pid.charAt(0))) {
                continue;
            }
            Path statPath = Path.of("/proc", pid, "stat");
            Path statusPath = Path.of("/proc", pid, "status");
            String stat;
            String status;
            try {
                stat = Files.readString(statPath, StandardCharsets.ISO_8859_1);
                String[] f = statFields(statPath, stat);
                if (parse(statPath, "ppid", f[1]) != self || isDead(f[0])) {
                    continue;
                }
                status = Files.readString(statusPath, StandardCharsets.ISO_8859_1);
            } catch (NoSuchFileException gone) {
                continue; // exited while we looked
            } catch (IOException e) {
                throw new ProcFileException(Path.of("/proc", pid), e.toString(), e);
            }
            long[] uids = new ProcStatus(status).ids("Uid");
            if (uids.length < 2) {
                throw new ProcFileException(statusPath, "it has no Uid: line with real and effective uid", null);
            }
            out.add(new SystemCalls.Child(Long.parseLong(pid), stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                    uids[0], uids[1]));
        }
        return out;
    }

    /** Returns the fields of a {@code stat} line after the command name (state is index 0). */
    private static String[] statFields(Path path, String stat) throws ProcFileException {
        int end = stat.lastIndexOf(')');
        String[] f = end < 0 || end + 2 > stat.length() ? new String[0] : stat.substring(end + 2).trim().split(" ");
        if (f.length < 5) {
            throw new ProcFileException(path, "unexpected content \"" + stat.trim() + "\"", null);
        }
        return f;
    }

    private static boolean isDead(String state) {
        return state.equals("Z") || state.equals("X") || state.equals("x");
    }

    /** Returns tty_nr and whether this process leads its session, from {@code /proc/self/stat}. */
    static SystemCalls.Terminal terminal() throws ProcFileException {
        Path stat = SELF.resolve("stat");
        String[] f = statFields(stat, read(stat));
        long session = parse(stat, "session", f[3]);
        return new SystemCalls.Terminal(parse(stat, "tty_nr", f[4]), session == ProcessHandle.current().pid());
    }

    /**
     * Returns how many other processes run with this real or effective uid, for a note in the
     * report: processes that exit or hide while they are counted are not counted, and an
     * unreadable {@code /proc} counts none.
     */
    static int processesWithUid(long uid) {
        List<String> pids;
        try {
            pids = list(Path.of("/proc"));
        } catch (ProcFileException e) {
            return 0;
        }
        String self = String.valueOf(ProcessHandle.current().pid());
        int count = 0;
        for (String pid : pids) {
            if (pid.isEmpty() || !Character.isDigit(pid.charAt(0)) || pid.equals(self)) {
                continue;
            }
            try {
                long[] ids = new ProcStatus(Files.readString(Path.of("/proc", pid, "status"), StandardCharsets.ISO_8859_1))
                        .ids("Uid");
                if (ids.length >= 2 && (ids[0] == uid || ids[1] == uid)) {
                    count++;
                }
            } catch (IOException | RuntimeException exitedOrHidden) {
                // not counted
            }
        }
        return count;
    }

    private static String read(Path file) throws ProcFileException {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ProcFileException(file, e.toString(), e);
        }
    }

    private static List<String> list(Path dir) throws ProcFileException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                out.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new ProcFileException(dir, "cannot list it: " + e, e);
        }
        return out;
    }

    private static int number(Path dir, String name) throws ProcFileException {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new ProcFileException(dir, "entry \"" + name + "\" is not a number", e);
        }
    }

    private static long parse(Path file, String field, String value) throws ProcFileException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ProcFileException(file, field + " \"" + value + "\" is not a number", e);
        }
    }
}
