package io.jail4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.SyscallPolicy.Arch;
import io.jail4j.SyscallPolicy.Call;
import io.jail4j.internal.LinuxAbi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jnr.constants.platform.AddressFamily;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Fcntl;
import jnr.constants.platform.OpenFlags;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketMessage;
import jnr.constants.platform.SocketOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares every value of {@link LinuxAbi} for the running architecture, and every jnr-constants
 * value the library uses, with what the machine's kernel and glibc headers say: the test writes a
 * C program that prints each macro, {@code sizeof} and {@code offsetof}, compiles it with
 * {@code cc} and runs it. Without a C compiler or the headers the test is skipped, except with
 * {@code CI=true}, where it fails.
 */
class LinuxAbiHeadersTest {
    private static final LinuxAbi ABI = LinuxAbi.current();
    /** C expression to the value jail4j uses, in the order printed. */
    private static final Map<String, Long> EXPECTED = new LinkedHashMap<>();
    /** Headers for the glibc program; {@code _GNU_SOURCE} is defined first. */
    private static final List<String> HEADERS = List.of("errno.h", "fcntl.h", "poll.h", "pwd.h", "sched.h",
            "stddef.h", "stdio.h", "sys/fanotify.h", "sys/ioctl.h", "sys/prctl.h", "sys/socket.h", "sys/stat.h",
            "sys/syscall.h", "sys/un.h", "linux/audit.h", "linux/capability.h", "linux/filter.h", "linux/kcmp.h",
            "linux/seccomp.h", "linux/securebits.h", "linux/keyctl.h", "signal.h");
    /**
     * The tests' own numbers (x86_64 only, like the raw-syscall helpers that use them): attacks
     * do not take their numbers from the code they attack, but they are checked all the same.
     */
    private static final Map<String, Long> TEST_HELPERS = new LinkedHashMap<>();

    private static Map<String, Long> actual;
    private static long kernelLargefile;

    private static void expect(String c, long value) {
        EXPECTED.put(c, value);
    }

    static {
        // per architecture
        expect(ABI == LinuxAbi.X86_64 ? "AUDIT_ARCH_X86_64" : "AUDIT_ARCH_AARCH64", ABI.auditArch & 0xFFFF_FFFFL);
        if (ABI == LinuxAbi.X86_64) {
            expect("__X32_SYSCALL_BIT", ABI.x32SyscallBit);
        }
        expect("__NR_seccomp", ABI.nrSeccomp);
        expect("__NR_setuid", ABI.nrSetuid);
        expect("__NR_setgid", ABI.nrSetgid);
        expect("__NR_setresuid", ABI.nrSetresuid);
        expect("__NR_setgroups", ABI.nrSetgroups);
        expect("__NR_kcmp", ABI.nrKcmp);
        // the same on both
        expect("AT_FDCWD", LinuxAbi.AT_FDCWD);
        expect("AT_SYMLINK_NOFOLLOW", LinuxAbi.AT_SYMLINK_NOFOLLOW);
        expect("AT_EMPTY_PATH", LinuxAbi.AT_EMPTY_PATH);
        expect("AT_STATX_DONT_SYNC", LinuxAbi.AT_STATX_DONT_SYNC);
        expect("O_PATH", LinuxAbi.O_PATH);
        expect("FD_CLOEXEC", LinuxAbi.FD_CLOEXEC);
        expect("POLLNVAL", LinuxAbi.POLLNVAL);
        expect("S_IFMT", LinuxAbi.S_IFMT);
        expect("S_IFSOCK", LinuxAbi.S_IFSOCK);
        expect("S_IFLNK", LinuxAbi.S_IFLNK);
        expect("S_IFREG", LinuxAbi.S_IFREG);
        expect("S_IFBLK", LinuxAbi.S_IFBLK);
        expect("S_IFDIR", LinuxAbi.S_IFDIR);
        expect("S_IFCHR", LinuxAbi.S_IFCHR);
        expect("S_IFIFO", LinuxAbi.S_IFIFO);
        expect("STATX_TYPE", LinuxAbi.STATX_TYPE);
        expect("STATX_INO", LinuxAbi.STATX_INO);
        expect("STATX_BASIC_STATS", LinuxAbi.STATX_BASIC_STATS);
        expect("STATX_MNT_ID", LinuxAbi.STATX_MNT_ID);
        expect("sizeof(struct statx)", LinuxAbi.STATX_SIZE);
        expect("offsetof(struct statx, stx_mask)", LinuxAbi.STX_MASK);
        expect("offsetof(struct statx, stx_nlink)", LinuxAbi.STX_NLINK);
        expect("offsetof(struct statx, stx_uid)", LinuxAbi.STX_UID);
        expect("offsetof(struct statx, stx_gid)", LinuxAbi.STX_GID);
        expect("offsetof(struct statx, stx_mode)", LinuxAbi.STX_MODE);
        expect("offsetof(struct statx, stx_ino)", LinuxAbi.STX_INO);
        expect("offsetof(struct statx, stx_rdev_major)", LinuxAbi.STX_RDEV_MAJOR);
        expect("offsetof(struct statx, stx_rdev_minor)", LinuxAbi.STX_RDEV_MINOR);
        expect("offsetof(struct statx, stx_dev_major)", LinuxAbi.STX_DEV_MAJOR);
        expect("offsetof(struct statx, stx_dev_minor)", LinuxAbi.STX_DEV_MINOR);
        expect("offsetof(struct statx, stx_mnt_id)", LinuxAbi.STX_MNT_ID);
        expect("TIOCSTI", LinuxAbi.TIOCSTI);
        expect("TIOCNOTTY", LinuxAbi.TIOCNOTTY);
        expect("TIOCLINUX", LinuxAbi.TIOCLINUX);
        expect("PR_GET_SECCOMP", LinuxAbi.PR_GET_SECCOMP);
        expect("PR_GET_SECUREBITS", LinuxAbi.PR_GET_SECUREBITS);
        expect("PR_SET_NO_NEW_PRIVS", LinuxAbi.PR_SET_NO_NEW_PRIVS);
        expect("PR_GET_NO_NEW_PRIVS", LinuxAbi.PR_GET_NO_NEW_PRIVS);
        expect("SECBIT_NO_SETUID_FIXUP", LinuxAbi.SECBIT_NO_SETUID_FIXUP);
        expect("SECBIT_KEEP_CAPS", LinuxAbi.SECBIT_KEEP_CAPS);
        expect("SECCOMP_SET_MODE_FILTER", LinuxAbi.SECCOMP_SET_MODE_FILTER);
        expect("SECCOMP_FILTER_FLAG_TSYNC", LinuxAbi.SECCOMP_FILTER_FLAG_TSYNC);
        expect("SECCOMP_RET_ALLOW", LinuxAbi.SECCOMP_RET_ALLOW);
        expect("SECCOMP_RET_ERRNO", LinuxAbi.SECCOMP_RET_ERRNO);
        expect("offsetof(struct seccomp_data, nr)", LinuxAbi.SECCOMP_DATA_NR);
        expect("offsetof(struct seccomp_data, arch)", LinuxAbi.SECCOMP_DATA_ARCH);
        expect("offsetof(struct seccomp_data, args)", LinuxAbi.SECCOMP_DATA_ARGS);
        expect("BPF_MAXINSNS", LinuxAbi.BPF_MAXINSNS);
        expect("sizeof(struct sock_fprog)", LinuxAbi.SOCK_FPROG_SIZE);
        expect("offsetof(struct sock_fprog, filter)", LinuxAbi.SOCK_FPROG_FILTER);
        expect("KCMP_FILES", LinuxAbi.KCMP_FILES);
        expect("KCMP_FS", LinuxAbi.KCMP_FS);
        expect("CLONE_NEWNS", LinuxAbi.CLONE_NEWNS);
        expect("CLONE_NEWCGROUP", LinuxAbi.CLONE_NEWCGROUP);
        expect("CLONE_NEWUTS", LinuxAbi.CLONE_NEWUTS);
        expect("CLONE_NEWIPC", LinuxAbi.CLONE_NEWIPC);
        expect("CLONE_NEWUSER", LinuxAbi.CLONE_NEWUSER);
        expect("CLONE_NEWPID", LinuxAbi.CLONE_NEWPID);
        expect("CLONE_NEWNET", LinuxAbi.CLONE_NEWNET);
        expect("CAP_SETGID", LinuxAbi.CAP_SETGID);
        expect("CAP_SETUID", LinuxAbi.CAP_SETUID);
        expect("CAP_SYS_CHROOT", LinuxAbi.CAP_SYS_CHROOT);
        expect("FAN_CLOEXEC", LinuxAbi.FAN_CLOEXEC);
        expect("FAN_UNLIMITED_QUEUE", LinuxAbi.FAN_UNLIMITED_QUEUE);
        expect("FAN_MARK_ADD", LinuxAbi.FAN_MARK_ADD);
        expect("FAN_MARK_MOUNT", LinuxAbi.FAN_MARK_MOUNT);
        expect("FAN_MARK_FILESYSTEM", LinuxAbi.FAN_MARK_FILESYSTEM);
        expect("FAN_ACCESS", LinuxAbi.FAN_ACCESS);
        expect("FAN_MODIFY", LinuxAbi.FAN_MODIFY);
        expect("FAN_CLOSE_WRITE", LinuxAbi.FAN_CLOSE_WRITE);
        expect("FAN_OPEN", LinuxAbi.FAN_OPEN);
        expect("FAN_OPEN_EXEC", LinuxAbi.FAN_OPEN_EXEC);
        expect("FAN_Q_OVERFLOW", LinuxAbi.FAN_Q_OVERFLOW);
        expect("FAN_ONDIR", LinuxAbi.FAN_ONDIR);
        expect("FANOTIFY_METADATA_VERSION", LinuxAbi.FANOTIFY_METADATA_VERSION);
        expect("sizeof(struct passwd)", LinuxAbi.PASSWD_SIZE);
        expect("offsetof(struct passwd, pw_name)", LinuxAbi.PW_NAME);
        expect("offsetof(struct passwd, pw_uid)", LinuxAbi.PW_UID);
        expect("offsetof(struct passwd, pw_gid)", LinuxAbi.PW_GID);
        expect("offsetof(struct passwd, pw_dir)", LinuxAbi.PW_DIR);
        expect("offsetof(struct passwd, pw_shell)", LinuxAbi.PW_SHELL);
        expect("sizeof(struct msghdr)", LinuxAbi.MSGHDR_SIZE);
        expect("offsetof(struct msghdr, msg_iov)", LinuxAbi.MSG_IOV);
        expect("offsetof(struct msghdr, msg_iovlen)", LinuxAbi.MSG_IOVLEN);
        expect("offsetof(struct msghdr, msg_flags)", LinuxAbi.MSG_FLAGS);
        expect("sizeof(struct iovec)", LinuxAbi.IOVEC_SIZE);
        expect("sizeof(struct sockaddr_un)", LinuxAbi.SOCKADDR_UN_SIZE);
        expect("offsetof(struct sockaddr_un, sun_path)", LinuxAbi.SUN_PATH);
        expect("sizeof(struct ucred)", LinuxAbi.UCRED_SIZE);
        expect("sizeof(struct pollfd)", LinuxAbi.POLLFD_SIZE);
        expect("offsetof(struct pollfd, revents)", LinuxAbi.POLLFD_REVENTS);
        // jnr-constants, as resolved on this machine
        for (OpenFlags f : new OpenFlags[] {OpenFlags.O_RDONLY, OpenFlags.O_WRONLY, OpenFlags.O_RDWR,
                OpenFlags.O_ACCMODE, OpenFlags.O_APPEND, OpenFlags.O_DIRECTORY, OpenFlags.O_NOFOLLOW,
                OpenFlags.O_CLOEXEC, OpenFlags.O_NOCTTY, OpenFlags.O_NONBLOCK}) {
            expect(f.name(), LinuxAbi.of(f));
        }
        expect("F_GETFD", LinuxAbi.of(Fcntl.F_GETFD));
        expect("F_SETFD", LinuxAbi.of(Fcntl.F_SETFD));
        expect("SOL_SOCKET", LinuxAbi.of(SocketLevel.SOL_SOCKET));
        for (SocketOption o : new SocketOption[] {SocketOption.SO_TYPE, SocketOption.SO_PEERCRED,
                SocketOption.SO_ACCEPTCONN, SocketOption.SO_DOMAIN}) {
            expect(o.name(), LinuxAbi.of(o));
        }
        for (SocketMessage m : new SocketMessage[] {SocketMessage.MSG_PEEK, SocketMessage.MSG_CTRUNC,
                SocketMessage.MSG_DONTWAIT}) {
            expect(m.name(), LinuxAbi.of(m));
        }
        for (AddressFamily a : new AddressFamily[] {AddressFamily.AF_UNIX, AddressFamily.AF_INET, AddressFamily.AF_INET6}) {
            expect(a.name(), LinuxAbi.of(a));
        }
        for (Errno e : new Errno[] {Errno.EPERM, Errno.ENOENT, Errno.ESRCH, Errno.EINTR, Errno.ENXIO, Errno.EBADF,
                Errno.EAGAIN, Errno.EINVAL, Errno.ERANGE, Errno.ENOSYS, Errno.ENODATA, Errno.ENOTSOCK,
                Errno.ENOTSUP, Errno.ENOTCONN}) {
            expect(e.name(), LinuxAbi.of(e));
        }
    }

    private static void helpers() {
        if (ABI != LinuxAbi.X86_64) {
            return;
        }
        for (Class<?> helper : new Class<?>[] {RawSyscalls.class, AttackNative.class}) {
            for (java.lang.reflect.Field f : helper.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!java.lang.reflect.Modifier.isStatic(m) || !java.lang.reflect.Modifier.isFinal(m)
                        || !(f.getType() == int.class || f.getType() == long.class)) {
                    continue;
                }
                String name = f.getName();
                String c = name.startsWith("O_") || name.startsWith("AT_") || name.startsWith("TIOC") ? name
                        : name.equals("X32") ? "__X32_SYSCALL_BIT" : "__NR_" + name.toLowerCase(java.util.Locale.ROOT);
                try {
                    f.setAccessible(true);
                    TEST_HELPERS.put(c, ((Number) f.get(null)).longValue());
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        TEST_HELPERS.put("CLONE_NEWNS", PolicyChild.CLONE_NEWNS);
        TEST_HELPERS.put("CLONE_FS", PolicyChild.CLONE_FS);
        TEST_HELPERS.put("CLONE_THREAD", PolicyChild.CLONE_THREAD);
        TEST_HELPERS.put("CLONE_NEWUSER", PolicyChild.CLONE_NEWUSER);
        TEST_HELPERS.put("CLONE_NEWNET", PolicyChild.CLONE_NEWNET);
        TEST_HELPERS.put("SIGCHLD", PolicyChild.SIGCHLD);
        TEST_HELPERS.put("KEYCTL_JOIN_SESSION_KEYRING", PolicyChild.KEYCTL_JOIN_SESSION_KEYRING);
        TEST_HELPERS.put("KEYCTL_SEARCH", PolicyChild.KEYCTL_SEARCH);
        TEST_HELPERS.put("KEYCTL_READ", PolicyChild.KEYCTL_READ);
        TEST_HELPERS.put("KEY_SPEC_SESSION_KEYRING", PolicyChild.KEY_SPEC_SESSION_KEYRING);
        TEST_HELPERS.put("EPERM", (long) PolicyRootTest.EPERM);
        TEST_HELPERS.put("ENOSYS", (long) PolicyRootTest.ENOSYS);
        TEST_HELPERS.put("ENOTTY", (long) PolicyRootTest.ENOTTY);
    }

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException, InterruptedException {
        helpers();
        StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n");
        for (String h : HEADERS) {
            c.append("#include <").append(h).append(">\n");
        }
        c.append("int main(void) {\n");
        Set<String> printed = new java.util.LinkedHashSet<>(EXPECTED.keySet());
        printed.addAll(TEST_HELPERS.keySet());
        for (String expr : printed) {
            c.append("    printf(\"%s\\t%lld\\n\", \"").append(expr).append("\", (long long) (").append(expr).append("));\n");
        }
        for (Call call : Call.values()) { // the seccomp filter's numbers, absent ones as -1
            String nr = "__NR_" + call.kernelName();
            c.append("#ifdef ").append(nr).append("\n    printf(\"%s\\t%lld\\n\", \"").append(nr)
                    .append("\", (long long) ").append(nr).append(");\n#else\n    printf(\"").append(nr)
                    .append("\\t-1\\n\");\n#endif\n");
        }
        c.append("    return 0;\n}\n");
        actual = run(dir, "abi", c.toString());
        // the kernel's O_LARGEFILE: glibc's <fcntl.h> defines it as 0 on 64-bit, so only the kernel's header has it
        kernelLargefile = run(dir, "largefile", "#include <stdio.h>\n#include <asm/fcntl.h>\n"
                + "int main(void) { printf(\"O_LARGEFILE\\t%lld\\n\", (long long) O_LARGEFILE); return 0; }\n")
                .get("O_LARGEFILE");
    }

    private static Map<String, Long> run(Path dir, String name, String source) throws IOException, InterruptedException {
        Path src = dir.resolve(name + ".c");
        Path exe = dir.resolve(name);
        Files.writeString(src, source, StandardCharsets.US_ASCII);
        String cc = compiler();
        Process compile = new ProcessBuilder(cc, "-Wall", "-o", exe.toString(), src.toString()).redirectErrorStream(true)
                .start();
        String output = new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(compile.waitFor(120, TimeUnit.SECONDS), "cc did not finish");
        if (compile.exitValue() != 0 && output.contains("No such file or directory")) {
            missing("kernel or glibc headers (" + output.strip() + ")");
        }
        assertEquals(0, compile.exitValue(), "cc " + src + ":\n" + output);
        Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            values.put(f[0], Long.parseLong(f[1]));
        }
        return values;
    }

    private static String compiler() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "cc"))) {
                return Path.of(dir, "cc").toString();
            }
        }
        missing("a C compiler (cc; package build-essential)");
        return null;
    }

    private static void missing(String what) {
        if (RootTests.CI) {
            fail(what + " is missing: with CI=true the ABI table must be checked against the headers");
        }
        Assumptions.abort(what + " is missing; CI=true turns this skip into a failure");
    }

    @Test
    void runningArchTable_compiledHeaders_agreeOnEveryValue() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : EXPECTED.entrySet()) {
            Long header = actual.get(e.getKey());
            if (!e.getValue().equals(header)) {
                wrong.add(e.getKey() + ": jail4j " + e.getValue() + ", headers " + header);
            }
        }
        assertEquals(List.of(), wrong, "values that differ from the " + ABI + " headers");
        assertTrue(EXPECTED.size() > 120, "too few values compared: " + EXPECTED.size());
    }

    @Test
    void testHelperNumbers_compiledHeaders_agreeOnEveryValue() {
        Assumptions.assumeTrue(ABI == LinuxAbi.X86_64, "the raw-syscall test helpers have x86_64 numbers only");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : TEST_HELPERS.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                wrong.add(e.getKey() + ": tests " + e.getValue() + ", headers " + actual.get(e.getKey()));
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(TEST_HELPERS.size() > 60, "too few values compared: " + TEST_HELPERS.size());
    }

    @Test
    void kernelLargefileFlag_compiledHeaders_matchesTable() {
        assertEquals(kernelLargefile, ABI.oLargefile, "the kernel's O_LARGEFILE on " + ABI);
        assertEquals(kernelLargefile, LearnSession.O_LARGEFILE, "learn mode's fanotify event flag");
    }

    @Test
    void seccompFilterNumbers_compiledHeaders_matchRunningArch() {
        Arch arch = SyscallPolicy.current();
        List<String> wrong = new ArrayList<>();
        for (Call call : Call.values()) {
            long header = actual.get("__NR_" + call.kernelName());
            if (header != call.number(arch)) {
                wrong.add(call.kernelName() + ": filter " + call.number(arch) + ", headers " + header);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(ABI.auditArch, arch.auditArch);
    }

    @Test
    void aarch64Table_genericUnistd_agreesOnEveryNumber() throws IOException {
        // the other architecture's table, from the kernel's generic header (what aarch64 uses)
        Path generic = Path.of("/usr/include/asm-generic/unistd.h");
        if (!Files.isReadable(generic)) {
            missing(generic + " (package linux-libc-dev)");
        }
        Map<String, Set<Integer>> n = SyscallNumbersTest.parse(Files.readString(generic));
        LinuxAbi a = LinuxAbi.AARCH64;
        assertEquals(Set.of((int) a.nrSeccomp), n.get("seccomp"));
        assertEquals(Set.of((int) a.nrSetuid), n.get("setuid"));
        assertEquals(Set.of((int) a.nrSetgid), n.get("setgid"));
        assertEquals(Set.of((int) a.nrSetresuid), n.get("setresuid"));
        assertEquals(Set.of((int) a.nrSetgroups), n.get("setgroups"));
        assertEquals(Set.of((int) a.nrKcmp), n.get("kcmp"));
    }

    @Test
    void unknownArchitecture_forOsArch_refusesNamingIt() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> LinuxAbi.forOsArch("riscv64"));
        assertTrue(e.getMessage().contains("\"riscv64\"") && e.getMessage().contains("x86_64 and aarch64"), e.getMessage());
        assertSame(LinuxAbi.X86_64, LinuxAbi.forOsArch("amd64"));
        assertSame(LinuxAbi.X86_64, LinuxAbi.forOsArch("x86_64"));
        assertSame(LinuxAbi.AARCH64, LinuxAbi.forOsArch("aarch64"));
    }
}
