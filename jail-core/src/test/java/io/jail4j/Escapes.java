package io.jail4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Escape attempts made from inside a jail through jail4j's native calls: reading a host file by
 * absolute and relative path, {@code /proc}, regaining uid or gid 0, a nested {@code chroot}, and
 * {@code fchdir}/{@code openat} through every descriptor number.
 */
final class Escapes {
    private static final String UP = "../../../../../../../../../../../..";

    /** One attempt: what it tried and whether it got out. */
    record Probe(String name, boolean escaped, String detail) {
        /** Returns {@code name blocked|ESCAPED detail}, as the forked harness prints it. */
        @Override
        public String toString() {
            return name + " " + (escaped ? "ESCAPED" : "blocked") + " " + detail;
        }
    }

    private Escapes() {
    }

    /**
     * Makes every attempt and returns them in order. {@code marker} is a host file that any user
     * could read if it were reachable; without one (null) the three attempts that look for it
     * find nothing.
     */
    static List<Probe> tryAll(String marker) throws JailException {
        Native os = Native.get();
        List<Probe> probes = new ArrayList<>();
        if (marker != null) {
            probes.add(new Probe("absolute-read", readable(Path.of(marker)), marker));
            probes.add(new Probe("relative-read", readable(Path.of(UP + marker)), UP + marker));
        }
        probes.add(new Probe("proc-visible", Files.exists(Path.of("/proc/self/status")), "/proc/self/status"));
        probes.add(new Probe("setuid-0", os.trySetuid(0) == 0, "setuid(0)"));
        probes.add(new Probe("seteuid-0", os.trySeteuid(0) == 0, "seteuid(0)"));
        probes.add(new Probe("setgid-0", os.trySetgid(0) == 0, "setgid(0)"));
        probes.add(new Probe("setgroups-0", os.trySetgroups(new long[] {0}) == 0, "setgroups([0])"));
        boolean nested;
        try {
            os.chroot(".");
            nested = true;
        } catch (SystemCallException e) {
            nested = false;
        }
        probes.add(new Probe("nested-chroot", nested, "chroot(\".\")"));
        // Every descriptor number: fchdir into it, or openat(fd, "..") from it, then look for the host file.
        StringBuilder through = new StringBuilder();
        for (int fd = 0; fd < 1024; fd++) {
            boolean dir = false;
            try {
                os.fchdir(fd);
                dir = true;
            } catch (SystemCallException expected) {
                // not a directory, or not open
            }
            try {
                int up = os.openDirectoryAt(fd, "..");
                os.close(up);
                dir = true;
            } catch (SystemCallException expected) {
                // not a directory, or not open
            }
            if (dir && marker != null && readable(Path.of(UP + marker))) {
                through.append(fd).append(' ');
            }
        }
        os.chdir("/");
        probes.add(new Probe("fd-escape", through.length() > 0, "fds " + through));
        return probes;
    }

    private static boolean readable(Path p) {
        try {
            Files.readAllBytes(p);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
