package io.jail4j;

import java.util.List;
import java.util.Map;

/**
 * The errnos each modelled call can fail with, from its man page (getpwnam(3), getgrouplist(3),
 * open(2), statx(2), dup2(2), fchdir(2), chroot(2), chdir(2), setenv(3), setgroups(2),
 * setresuid(2), prctl(2), seccomp(2)); keyed by the call's name as {@link FakeOs} records it.
 */
final class Errnos {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ERANGE = 34;
    static final int ENAMETOOLONG = 36;
    static final int ELOOP = 40;

    private static final Map<String, List<Integer>> BY_CALL = Map.ofEntries(
            Map.entry("getpwnam_r", List.of(EIO, EINTR, EMFILE, ENFILE, ENOMEM, ERANGE)),
            Map.entry("getgrouplist", List.of(ENOMEM)),
            Map.entry("listFds", List.of(EACCES, EMFILE, ENFILE, ENOMEM, EIO)),
            Map.entry("sharedWritableMappings", List.of(EACCES, ENOMEM)),
            Map.entry("children", List.of(EACCES, ENOMEM)),
            Map.entry("terminal", List.of(EACCES, ENOMEM)),
            Map.entry("identify", List.of(EACCES, EIO, ENOMEM)),
            Map.entry("kcmp", List.of(EPERM, EINVAL)),
            Map.entry("openDescriptors", List.of(EINTR, ENOMEM)),
            Map.entry("ioctl", List.of(EIO, EINVAL)),
            Map.entry("directoryDescriptors", List.of(EIO, EACCES)),
            Map.entry("open", List.of(EACCES, EINTR, ELOOP, EMFILE, ENFILE, ENOMEM)),
            Map.entry("openat", List.of(EACCES, EBADF, ELOOP, EMFILE, ENFILE, ENOENT, ENOMEM, ENOTDIR)),
            Map.entry("fstat", List.of(EACCES, EBADF, EFAULT, ENOMEM)),
            Map.entry("watchTasks", List.of(EACCES, EMFILE, ENFILE, ENOENT, ENOMEM)),
            Map.entry("dup2", List.of(EBADF, EBUSY, EINTR, EMFILE)),
            Map.entry("fchdir", List.of(EACCES, EBADF, EIO, ENOTDIR)),
            Map.entry("chroot", List.of(EACCES, EFAULT, EIO, ELOOP, ENAMETOOLONG, ENOENT, ENOMEM, ENOTDIR, EPERM)),
            Map.entry("chdir", List.of(EACCES, EFAULT, EIO, ELOOP, ENAMETOOLONG, ENOENT, ENOMEM, ENOTDIR)),
            Map.entry("setenv", List.of(EINVAL, ENOMEM)),
            Map.entry("unsetenv", List.of(EINVAL)),
            Map.entry("clearenv", List.of(ENOMEM)),
            Map.entry("setgroups", List.of(EFAULT, EINVAL, ENOMEM, EPERM)),
            Map.entry("setresgid", List.of(EAGAIN, EINVAL, EPERM)),
            Map.entry("setresuid", List.of(EAGAIN, EINVAL, EPERM)),
            Map.entry("setuid", List.of(EAGAIN, EINVAL, EPERM)),
            Map.entry("setgid", List.of(EINVAL, EPERM)),
            Map.entry("seteuid", List.of(EINVAL, EPERM)),
            Map.entry("noNewPrivsOnEveryThread", List.of(EACCES, EFAULT, EINVAL, ENOMEM, ESRCH)));

    private Errnos() {
    }

    /** Returns the name of a recorded call: the text before its parenthesis. */
    static String name(String call) {
        int paren = call.indexOf('(');
        return paren < 0 ? call : call.substring(0, paren);
    }

    static List<Integer> of(String call) {
        List<Integer> errnos = BY_CALL.get(name(call));
        if (errnos == null) {
            throw new IllegalArgumentException("no errno list for " + call);
        }
        return errnos;
    }
}
