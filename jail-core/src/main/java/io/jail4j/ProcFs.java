package io.jail4j;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

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

    /** Classifies a descriptor by its link target and the file type of what it points to. */
    static OpenDescriptor.Kind kindOf(int fd, String target, int mode, String home, Set<String> jvmFiles) {
        int type = mode & Os.FileStat.S_IFMT;
        if (type == Os.FileStat.S_IFDIR) {
            return OpenDescriptor.Kind.DIRECTORY;
        }
        if (fd <= 2) {
            return OpenDescriptor.Kind.STANDARD;
        }
        if (target.startsWith("socket:")) {
            return OpenDescriptor.Kind.SOCKET;
        }
        if (target.startsWith("pipe:") || type == 0010000) {
            return OpenDescriptor.Kind.PIPE;
        }
        if (target.startsWith("anon_inode:")) {
            return OpenDescriptor.Kind.ANON_INODE;
        }
        if (target.startsWith(home) || jvmFiles.contains(target)) {
            return OpenDescriptor.Kind.JVM;
        }
        return OpenDescriptor.Kind.FILE;
    }

    /**
     * Returns whether descriptor {@code fd} is open for writing, from the octal {@code flags:} line
     * of {@code /proc/self/fdinfo/FD}; false if it is gone.
     */
    static boolean writable(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd), StandardCharsets.US_ASCII)) {
                if (line.startsWith("flags:")) {
                    int accmode = Integer.parseInt(line.substring(6).trim(), 8) & 3;
                    return accmode == 1 || accmode == 2;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
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
