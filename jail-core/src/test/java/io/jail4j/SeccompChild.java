package io.jail4j;

import io.jail4j.SyscallPolicy.Arch;
import io.jail4j.SyscallPolicy.Call;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * A child JVM that runs a few harmless system calls, installs the deny-list for its own
 * architecture with {@code no_new_privs} (no root needed), and runs them again. Prints
 * {@code before NAME ERRNO} and {@code after NAME ERRNO} (0: success; {@code seccomp_mode}: the
 * Seccomp field of /proc/self/status), then {@code java ...}
 * lines for what the JDK still does under the filter, then {@code done}.
 */
public final class SeccompChild {
    /** The libc functions the probes need. */
    public interface C {
        int prctl(int option, long arg2, long arg3, long arg4, long arg5);

        long syscall(long number, long a, long b, long c, long d, long e);

        long syscall(long number, long a, long b, Pointer c);

        int close(int fd);
    }

    private static final long TIOCSTI_HIGH = 0xFFFFFFFF00005412L;
    private static final long CLONE_NEWUSER_FS = 0x10000000L | 0x200; // EINVAL by itself: a safe clone probe

    private static C c;
    private static Runtime runtime;
    private static Arch arch;

    private SeccompChild() {
    }

    public static void main(String[] args) throws Exception {
        c = LibraryLoader.create(C.class).failImmediately().load("c");
        runtime = Runtime.getRuntime(c);
        arch = SyscallPolicy.current();
        probes("before");
        install(SyscallPolicy.of(arch, Set.of()));
        probes("after");
        javaStillWorks();
        System.out.println("done");
    }

    private static void install(SyscallPolicy policy) {
        byte[] code = policy.program();
        Pointer filter = Memory.allocateDirect(runtime, code.length);
        filter.put(0, code, 0, code.length);
        Pointer prog = Memory.allocateDirect(runtime, 16); // struct sock_fprog
        prog.putShort(0, (short) policy.length());
        prog.putAddress(8, filter.address());
        check("prctl(PR_SET_NO_NEW_PRIVS)", c.prctl(38, 1, 0, 0, 0));
        long seccomp = arch == Arch.X86_64 ? 317 : 277;
        check("seccomp(SET_MODE_FILTER, TSYNC)", c.syscall(seccomp, 1, 1, prog));
    }

    private static void check(String what, long rc) {
        if (rc != 0) {
            throw new IllegalStateException(what + ": rc " + rc + ", errno " + runtime.getLastError());
        }
    }

    private static void probes(String when) throws IOException {
        String mode = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Seccomp:"))
                .map(l -> l.substring(8).trim()).findFirst().orElse("?");
        System.out.println(when + " seccomp_mode " + mode);
        probe(when, "unshare", nr(Call.UNSHARE), 0);
        probe(when, "clone_newuser", nr(Call.CLONE), CLONE_NEWUSER_FS);
        probe(when, "clone3", nr(Call.CLONE3), 0, 0);
        long self = ProcessHandle.current().pid();
        probe(when, "kcmp", nr(Call.KCMP), self, self, 99); // EINVAL by itself: no such type
        probe(when, "ioctl_tiocsti", nr(Call.IOCTL), -1, TIOCSTI_HIGH);
        probe(when, "ioctl_tcgets", nr(Call.IOCTL), -1, 0x5401);
        probe(when, "io_uring_setup", nr(Call.IO_URING_SETUP), 0, 0);
        probe(when, "open_by_handle_at", nr(Call.OPEN_BY_HANDLE_AT), -1, 0, 0);
        probe(when, "socket_unix", nr(Call.SOCKET), 0xFFFFFFFF00000001L, 1, 0);
        probe(when, "socket_inet", nr(Call.SOCKET), 2, 1, 0);
        if (arch == Arch.X86_64) {
            probe(when, "x32_getpid", 0x40000000L | 39);
        }
    }

    private static long nr(Call call) {
        return call.number(arch);
    }

    private static void probe(String when, String name, long nr, long... args) {
        long[] a = new long[5];
        System.arraycopy(args, 0, a, 0, args.length);
        long rc = c.syscall(nr, a[0], a[1], a[2], a[3], a[4]);
        int errno = rc == -1 ? runtime.getLastError() : 0;
        if (rc > 2 && name.startsWith("socket")) {
            c.close((int) rc);
        }
        System.out.println(when + " " + name + " " + errno);
    }

    private static void javaStillWorks() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Thread t = new Thread(() -> ran.set(true)); // pthread_create: clone3 refused with ENOSYS, then clone
        t.start();
        t.join();
        System.out.println("java thread " + ran.get());
        Process p = new ProcessBuilder("/bin/true").start();
        System.out.println("java process " + p.waitFor());
        try (WatchService w = FileSystems.getDefault().newWatchService()) { // socketpair(AF_UNIX)
            Path dir = Files.createTempDirectory("seccomp");
            dir.register(w, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            Files.delete(dir);
            System.out.println("java watch ok");
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            System.out.println("java unix opened");
        } catch (IOException e) {
            System.out.println("java unix " + e.getMessage());
        }
    }
}
