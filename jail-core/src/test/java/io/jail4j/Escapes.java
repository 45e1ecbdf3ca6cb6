package io.jail4j;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Escape attempts made from inside a jail, each reported as one {@code ESCAPE} line. */
final class Escapes {
    private static final String UP = "../../../../../../../../../../../..";

    private Escapes() {
    }

    static void tryAll(String marker, List<Object> keep) throws Exception {
        Native os = Native.get();
        if (marker != null) {
            report("absolute-read", readable(Path.of(marker)), marker);
            report("relative-read", readable(Path.of(UP + marker)), UP + marker);
        }
        report("proc-visible", Files.exists(Path.of("/proc/self/status")), "/proc/self/status");
        report("setuid-0", os.trySetuid(0) == 0, "setuid(0)");
        report("seteuid-0", os.trySeteuid(0) == 0, "seteuid(0)");
        report("setgid-0", os.trySetgid(0) == 0, "setgid(0)");
        report("setgroups-0", os.trySetgroups(new long[] {0}) == 0, "setgroups([0])");
        boolean nested;
        try {
            os.chroot(".");
            nested = true;
        } catch (SystemCallException e) {
            nested = false;
        }
        report("nested-chroot", nested, "chroot(\".\")");
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
        report("fd-escape", through.length() > 0, "fds " + through);
        for (Object o : keep) {
            if (o instanceof FileOutputStream) {
                FileOutputStream out = (FileOutputStream) o;
                boolean wrote;
                try {
                    out.write("written-after-enter\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    wrote = true;
                } catch (java.io.IOException e) {
                    wrote = false;
                }
                System.out.println("KEPT-FILE-WRITE " + (wrote ? "ok" : "failed"));
            }
        }
    }

    private static boolean readable(Path p) {
        try {
            Files.readAllBytes(p);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void report(String name, boolean escaped, String detail) {
        System.out.println("ESCAPE " + name + " " + (escaped ? "ESCAPED" : "blocked") + " " + detail);
    }
}
