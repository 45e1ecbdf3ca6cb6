package io.jail4j;

import java.util.List;
import java.util.Map;

/**
 * The errnos each modelled call can fail with, from its man page (getpwnam(3), getgrouplist(3),
 * open(2), statx(2), dup2(2), fchdir(2), chroot(2), chdir(2), setenv(3), setgroups(2),
 * setresuid(2), prctl(2), seccomp(2)); keyed by the call's name as {@link FakeOs} records it.
 * The values come from jnr-constants, as in the library.
 */
final class Errnos {
    static final int EPERM = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EPERM);
    static final int ENOENT = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENOENT);
    static final int ESRCH = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ESRCH);
    static final int EINTR = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EINTR);
    static final int EIO = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EIO);
    static final int EBADF = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EBADF);
    static final int EAGAIN = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EAGAIN);
    static final int ENOMEM = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENOMEM);
    static final int EACCES = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EACCES);
    static final int EFAULT = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EFAULT);
    static final int EBUSY = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EBUSY);
    static final int ENOTDIR = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENOTDIR);
    static final int EINVAL = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EINVAL);
    static final int ENFILE = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENFILE);
    static final int EMFILE = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EMFILE);
    static final int ERANGE = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ERANGE);
    static final int ENAMETOOLONG = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ENAMETOOLONG);
    static final int ELOOP = io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.ELOOP);

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
