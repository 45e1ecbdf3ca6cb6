package io.jail4j;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The plain-Java reads of {@code /proc} that {@link Native} needs: no native calls here. */
final class ProcFs {
    private ProcFs() {
    }

    /** Returns CapEff of {@code /proc/self/status}. */
    static long effectiveCapabilities() throws SystemCallException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
            throw new SystemCallException("read(/proc/self/status)", 0, "no CapEff line");
        } catch (IOException e) {
            throw new SystemCallException("read(/proc/self/status)", 0, e.toString());
        }
    }

    /** Returns the {@code /proc/self/fd/FD} link text, or null if the descriptor is not open. */
    static String link(int fd) throws SystemCallException {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new SystemCallException("readlink(\"" + link + "\")", 0, e.toString());
        }
    }

    /**
     * Returns the open flags of descriptor {@code fd} from the octal {@code flags:} line of
     * {@code /proc/self/fdinfo/FD}, or null if it was closed meanwhile; anything else unreadable
     * throws (a descriptor whose access mode is unknown is never taken as read-only).
     */
    static Integer openFlags(int fd) throws SystemCallException {
        Path info = Path.of("/proc/self/fdinfo/" + fd);
        try {
            for (String line : Files.readAllLines(info, StandardCharsets.US_ASCII)) {
                if (line.startsWith("flags:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
            throw new SystemCallException("read(\"" + info + "\")", 0, "no flags: line");
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException | NumberFormatException e) {
            throw new SystemCallException("read(\"" + info + "\")", 0, e.toString());
        }
    }

    /**
     * Returns the shared writable file mappings listed in {@code /proc/self/maps} (permissions
     * {@code rw?s} with a path); anonymous and special ({@code [..]}) mappings are left out.
     */
    static List<SystemCalls.Mapping> sharedWritableMappings() throws SystemCallException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new SystemCallException("read(\"/proc/self/maps\")", 0, e.toString());
        }
        List<SystemCalls.Mapping> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" +", 6);
            if (f.length < 5 || f[1].length() != 4) {
                throw new SystemCallException("read(\"/proc/self/maps\")", 0, "unexpected line \"" + line + "\"");
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
    static List<SystemCalls.Child> children() throws SystemCallException {
        String[] pids = new File("/proc").list();
        if (pids == null) {
            throw new SystemCallException("opendir(\"/proc\")", 0, "cannot list processes");
        }
        long self = ProcessHandle.current().pid();
        List<SystemCalls.Child> out = new ArrayList<>();
        for (String pid : pids) {
            if (pid.isEmpty() || !Character.isDigit(pid.charAt(0))) {
                continue;
            }
            String stat;
            List<String> status;
            try {
                stat = Files.readString(Path.of("/proc", pid, "stat"), StandardCharsets.ISO_8859_1);
                if (parentOf(stat) != self || isDead(stat)) {
                    continue;
                }
                status = Files.readAllLines(Path.of("/proc", pid, "status"), StandardCharsets.ISO_8859_1);
            } catch (NoSuchFileException gone) {
                continue; // exited while we looked
            } catch (IOException e) {
                throw new SystemCallException("read(\"/proc/" + pid + "/stat\")", 0, e.toString());
            }
            long[] uids = null;
            for (String line : status) {
                if (line.startsWith("Uid:")) {
                    uids = ProcStatus.parseIds(line);
                }
            }
            if (uids == null || uids.length < 2) {
                throw new SystemCallException("read(\"/proc/" + pid + "/status\")", 0, "no Uid: line");
            }
            out.add(new SystemCalls.Child(Long.parseLong(pid), stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                    uids[0], uids[1]));
        }
        return out;
    }

    /** Returns the fields of a {@code stat} line after the command name (state is index 0). */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static long parentOf(String stat) {
        return Long.parseLong(statFields(stat)[1]);
    }

    private static boolean isDead(String stat) {
        String state = statFields(stat)[0];
        return state.equals("Z") || state.equals("X") || state.equals("x");
    }

    /** Returns tty_nr and whether this process leads its session, from {@code /proc/self/stat}. */
    static SystemCalls.Terminal terminal() throws SystemCallException {
        try {
            String[] f = statFields(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.ISO_8859_1));
            long session = Long.parseLong(f[3]);
            return new SystemCalls.Terminal(Long.parseLong(f[4]), session == ProcessHandle.current().pid());
        } catch (IOException | RuntimeException e) {
            throw new SystemCallException("read(\"/proc/self/stat\")", 0, e.toString());
        }
    }

    static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

    /** Returns how many other processes run with this real or effective uid (0 if unknown). */
    static int processesWithUid(long uid) {
        String[] pids = new File("/proc").list();
        if (pids == null) {
            return 0;
        }
        String self = String.valueOf(ProcessHandle.current().pid());
        int count = 0;
        for (String pid : pids) {
            if (pid.isEmpty() || !Character.isDigit(pid.charAt(0)) || pid.equals(self)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc", pid, "status"), StandardCharsets.ISO_8859_1)) {
                    if (line.startsWith("Uid:")) {
                        long[] ids = ProcStatus.parseIds(line);
                        if (ids.length >= 2 && (ids[0] == uid || ids[1] == uid)) {
                            count++;
                        }
                        break;
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // the process exited while we looked
            }
        }
        return count;
    }
}
