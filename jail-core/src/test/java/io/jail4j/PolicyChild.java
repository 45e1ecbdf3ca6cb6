package io.jail4j;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Pointer;

/**
 * The forked program of {@code PolicyRootTest}: enters a jail (or not, for a control run), then
 * attacks from inside with raw system calls and prints one line per result.
 *
 * <p>Arguments: {@code --jail DIR --user NAME --mode MODE [--allow RULE]... [--allow-optional RULE]...
 * [--no-enter] [--pause] [--close-fds] [--target PID] [--remote-addr HEX] [--sub DIR] [--marker FILE]
 * [--tool PATH] [--host-dir DIR] [--work DIR] [--alloc-mb N] [--prepare]}.
 * {@code --prepare} runs {@code Jail.prepare()} first, so that {@code enter()} is short. {@code --allow} calls
 * {@code Jail.insecureAllow(SyscallRule.valueOf(RULE), "test")} and ends with exit 4 and a line
 * {@code NOAPI ...} if that API is missing; {@code --allow-optional} does the same when the API
 * exists and prints {@code NOAPI-IGNORED RULE} otherwise.
 *
 * <p>Lines: {@code REPORT <json>} and {@code ENTERED <pid>} after a passed {@code enter()},
 * {@code CONTROL <pid>} instead with {@code --no-enter}, {@code REFUSED <class> <message>} (exit 3),
 * then per mode {@code SYSCALL name code} (0 = success, else errno), {@code ALLOWED name code},
 * {@code ATTACK name blocked|ESCAPED detail}, {@code KEY ...}, {@code HOOK uid=N where=jail|host},
 * {@code CHECK name OK|FAIL detail}, and {@code DONE}.
 */
public final class PolicyChild {
    /** A file the tests create at the jail's root only: present means "inside the jail". */
    static final String INSIDE = "/jail4j-inside";

    static final long CLONE_NEWNS = 0x00020000L;
    static final long CLONE_FS = 0x00000200L;
    static final long CLONE_THREAD = 0x00010000L;
    static final long CLONE_NEWUSER = 0x10000000L;
    static final long CLONE_NEWNET = 0x40000000L;
    static final long SIGCHLD = 17;
    static final long KEYCTL_JOIN_SESSION_KEYRING = 1;
    static final long KEYCTL_SEARCH = 10;
    static final long KEYCTL_READ = 11;
    static final long KEY_SPEC_SESSION_KEYRING = -3;
    static final String SECRET = "jail4j-keyring-payload";

    private static final RawSyscalls SYS = RawSyscalls.get();

    private PolicyChild() {
    }

    /** One denied call with harmless arguments. */
    record Call(String name, long nr, long[] args) {
    }

    private static final class Options {
        Path jail;
        String user;
        String mode = "none";
        final List<String> allow = new ArrayList<>();
        final List<String> allowOptional = new ArrayList<>();
        boolean noEnter;
        boolean pause;
        boolean closeFds;
        long target = -1;
        long remoteAddr;
        String sub = "/sub";
        String marker;
        String tool = "/bin/jail-tool";
        String hostDir;
        String work = "/work";
        int allocMb = 0;
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jail": o.jail = Path.of(args[++i]); break;
                case "--user": o.user = args[++i]; break;
                case "--mode": o.mode = args[++i]; break;
                case "--allow": o.allow.add(args[++i]); break;
                case "--allow-optional": o.allowOptional.add(args[++i]); break;
                case "--no-enter": o.noEnter = true; break;
                case "--pause": o.pause = true; break;
                case "--close-fds": o.closeFds = true; break;
                case "--target": o.target = Long.parseLong(args[++i]); break;
                case "--remote-addr": o.remoteAddr = Long.parseUnsignedLong(args[++i], 16); break;
                case "--sub": o.sub = args[++i]; break;
                case "--marker": o.marker = args[++i]; break;
                case "--tool": o.tool = args[++i]; break;
                case "--host-dir": o.hostDir = args[++i]; break;
                case "--work": o.work = args[++i]; break;
                case "--alloc-mb": o.allocMb = Integer.parseInt(args[++i]); break;
                case "--prepare": Jail.prepare(); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        // Everything used after the chroot comes from a class directory: load it now.
        for (Class<?> c : PolicyChild.class.getDeclaredClasses()) {
            Class.forName(c.getName());
        }
        Class.forName(FeatureRows.class.getName());
        Class.forName(RawSyscalls.Result.class.getName());
        Native.get().credentials();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        Jail plan = o.noEnter ? null : plan(o);
        switch (o.mode) {
            case "enter-in-hook": enterInHook(plan); return;
            case "enter-during-shutdown": enterDuringShutdown(plan); return;
            default: break;
        }
        Runnable afterEnter = before(o);
        if (o.noEnter) {
            System.out.println("CONTROL " + ProcessHandle.current().pid());
        } else {
            EntryReport report;
            try {
                System.out.println("ENTERING");
                System.out.flush();
                report = plan.enter();
            } catch (JailException e) {
                System.out.println("REFUSED " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
                System.out.flush();
                System.exit(3);
                return;
            }
            afterEnter.run();
            System.out.println("REPORT " + report.toJson());
            System.out.println("ENTERED " + ProcessHandle.current().pid());
        }
        System.out.flush();
        if (o.pause) {
            in.readLine();
        }
        after(o);
        System.out.println("DONE");
        System.out.flush();
    }

    private static Jail plan(Options o) throws Exception {
        Jail plan = Jail.at(o.jail).dropTo(o.user);
        if (o.closeFds) {
            plan = plan.closeFds();
        }
        if (o.mode.equals("jvm-works")) { // FeatureRows' resource-from-jar row reads this resource
            plan = plan.preload(Preload.resources("org/junit/jupiter/api/Test.class"));
        }
        Method allow = null;
        Class<?> rules = null;
        try {
            rules = Class.forName("io.jail4j.SyscallRule");
            allow = Jail.class.getMethod("insecureAllow", rules, String.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            if (!o.allow.isEmpty()) {
                System.out.println("NOAPI Jail.insecureAllow(SyscallRule, String) is missing: " + e);
                System.out.flush();
                System.exit(4);
            }
            for (String rule : o.allowOptional) {
                System.out.println("NOAPI-IGNORED " + rule);
            }
            return plan;
        }
        List<String> all = new ArrayList<>(o.allow);
        all.addAll(o.allowOptional);
        for (String rule : all) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object value = Enum.valueOf((Class) rules, rule);
            try {
                plan = (Jail) allow.invoke(plan, value, "test");
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("insecureAllow(" + rule + ") failed", e.getCause());
            }
        }
        return plan;
    }

    // ---- what happens before enter(), per mode; returns what to do right after it ----

    private static Runnable before(Options o) throws Exception {
        switch (o.mode) {
            case "keyring": {
                Pointer name = SYS.cstring("jail4j-test-session");
                RawSyscalls.Result joined = SYS.call(RawSyscalls.KEYCTL, KEYCTL_JOIN_SESSION_KEYRING, name.address());
                Pointer type = SYS.cstring("user");
                Pointer desc = SYS.cstring("jail4j-secret");
                Pointer payload = SYS.cstring(SECRET);
                RawSyscalls.Result key = SYS.call(RawSyscalls.ADD_KEY, type.address(), desc.address(),
                        payload.address(), SECRET.length(), KEY_SPEC_SESSION_KEYRING);
                System.out.println("KEY setup join=" + joined + " add=" + key);
                return () -> { };
            }
            case "race": {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong laps = new AtomicLong();
                Thread racer = new Thread(() -> race(o.hostDir, stop, laps), "racer");
                racer.setDaemon(true);
                racer.start();
                while (laps.get() < 100) {
                    Thread.onSpinWait();
                }
                return () -> {
                    stop.set(true);
                    try {
                        racer.join(5000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.out.println("RACE laps " + laps.get());
                };
            }
            case "signals": {
                Runtime.getRuntime().addShutdownHook(new Thread(PolicyChild::hookReport, "hook"));
                return () -> { };
            }
            case "unshared-fs":
            case "unshared-files": { // a thread with a root, or a descriptor table, of its own
                long flag = o.mode.equals("unshared-fs") ? 0x200 : 0x400; // CLONE_FS, CLONE_FILES
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                Thread loner = new Thread(() -> {
                    System.out.println("UNSHARE " + SYS.call(RawSyscalls.UNSHARE, flag));
                    done.countDown();
                    java.util.concurrent.locks.LockSupport.park();
                }, "loner");
                loner.setDaemon(true);
                loner.start();
                done.await();
                return () -> { };
            }
            case "signal-in-window": { // SIGTERM sent by the process itself the moment the chroot happened
                Runtime.getRuntime().addShutdownHook(new Thread(PolicyChild::hookReport, "hook"));
                // Many idle threads make each of glibc's set*id broadcasts, and so the window, last
                // milliseconds: long enough for a hook started in it to run while still root.
                for (int i = 0; i < 600; i++) {
                    Thread idle = new Thread(() -> java.util.concurrent.locks.LockSupport.park(), "idle-" + i);
                    idle.setDaemon(true);
                    idle.start();
                }
                File proc = new File("/proc/self/status");
                long pid = ProcessHandle.current().pid();
                CountDownLatch sent = new CountDownLatch(1);
                Thread sender = new Thread(() -> {
                    while (proc.exists()) {
                        Thread.onSpinWait();
                    }
                    SYS.call(RawSyscalls.KILL, pid, 15);
                    sent.countDown();
                }, "sigterm-in-window");
                sender.setDaemon(true);
                sender.start();
                // main must not return before the sender (a busy thread among 600) has sent: the
                // JVM would end with 0 and the signal never be delivered; once sent, it ends the process
                return () -> {
                    try {
                        System.out.println(sent.await(30, TimeUnit.SECONDS) ? "SENT" : "NOT-SENT");
                        System.out.flush();
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.out.println("SIGTERM-NOT-DELIVERED");
                };
            }
            case "threads-exit": {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong spawned = new AtomicLong();
                Thread spawner = new Thread(() -> {
                    while (!stop.get()) {
                        Thread t = new Thread(() -> { }, "brief");
                        t.setDaemon(true);
                        t.start();
                        spawned.incrementAndGet();
                    }
                }, "spawner");
                spawner.setDaemon(true);
                spawner.start();
                while (spawned.get() < 50) {
                    Thread.onSpinWait();
                }
                return () -> {
                    stop.set(true);
                    System.out.println("SPAWNED " + spawned.get());
                };
            }
            default:
                return () -> { };
        }
    }

    /** The racing thread: moves the shared cwd to a host directory as often as it can until chrooted. */
    private static void race(String hostDir, AtomicBoolean stop, AtomicLong laps) {
        Pointer host = SYS.cstring(hostDir);
        Pointer slash = SYS.cstring("/");
        while (!stop.get()) {
            RawSyscalls.Result fd = SYS.call(RawSyscalls.OPENAT, RawSyscalls.AT_FDCWD, host.address(),
                    RawSyscalls.O_RDONLY | RawSyscalls.O_DIRECTORY | RawSyscalls.O_CLOEXEC);
            if (!fd.ok()) {
                return; // the host directory is out of sight: the chroot happened
            }
            SYS.call(RawSyscalls.CHDIR, host.address());
            SYS.call(RawSyscalls.CHDIR, slash.address());
            SYS.call(RawSyscalls.FCHDIR, fd.rc());
            SYS.call(RawSyscalls.CLOSE, fd.rc());
            laps.incrementAndGet();
        }
    }

    private static void hookReport() {
        String where = new File(INSIDE).exists() ? "jail" : "host";
        String uid;
        try {
            Credentials c = Native.get().credentials();
            uid = c.ruid() + " euid=" + c.euid() + " suid=" + c.suid();
        } catch (Throwable t) {
            uid = "unknown " + t;
        }
        System.out.println("HOOK uid=" + uid + " where=" + where);
        System.out.flush();
    }

    private static void enterInHook(Jail plan) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("HOOK-ENTER " + tryEnter(plan));
            System.out.flush();
        }, "entering-hook"));
        System.out.println("REGISTERED");
    }

    private static void enterDuringShutdown(Jail plan) throws InterruptedException {
        CountDownLatch shuttingDown = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.countDown();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slow-hook"));
        Thread exiter = new Thread(() -> System.exit(0), "exiter");
        exiter.start();
        shuttingDown.await();
        System.out.println("DURING-SHUTDOWN " + tryEnter(plan));
        System.out.flush();
    }

    private static String tryEnter(Jail plan) {
        try {
            plan.enter();
            Credentials c = Native.get().credentials();
            return "passed uid=" + c.euid() + " where=" + (new File(INSIDE).exists() ? "jail" : "host");
        } catch (JailException e) {
            return "refused " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).replace('\n', ' ');
        } catch (RuntimeException e) {
            return "threw " + e;
        }
    }

    // ---- after enter(), per mode ----

    private static void after(Options o) throws Exception {
        switch (o.mode) {
            case "denied": denied(); break;
            case "other-process": otherProcess(o); break;
            case "keyring": keyring(); break;
            case "signals": Thread.sleep(3000); break;
            case "jvm-works": jvmWorks(o); break;
            default: break;
        }
    }

    static List<Call> deniedCalls(Pointer buf) {
        long p = buf.address();
        long far = 0x7ffffffeL; // a pid that does not exist
        List<Call> calls = new ArrayList<>();
        calls.add(new Call("ptrace", RawSyscalls.PTRACE, new long[] {16, far}));
        calls.add(new Call("process_vm_readv", RawSyscalls.PROCESS_VM_READV, new long[] {far, 0, 0, 0, 0, 1}));
        calls.add(new Call("process_vm_writev", RawSyscalls.PROCESS_VM_WRITEV, new long[] {far, 0, 0, 0, 0, 1}));
        calls.add(new Call("pidfd_open", RawSyscalls.PIDFD_OPEN, new long[] {-1, 0}));
        calls.add(new Call("pidfd_getfd", RawSyscalls.PIDFD_GETFD, new long[] {-1, 0, 1}));
        calls.add(new Call("pidfd_send_signal", RawSyscalls.PIDFD_SEND_SIGNAL, new long[] {-1, 0, 0, 1}));
        calls.add(new Call("kcmp", RawSyscalls.KCMP, new long[] {far, far, 0, 0, 0}));
        calls.add(new Call("process_madvise", RawSyscalls.PROCESS_MADVISE, new long[] {-1, 0, 0, 0, 1}));
        calls.add(new Call("setns", RawSyscalls.SETNS, new long[] {-1, CLONE_NEWUSER}));
        calls.add(new Call("unshare-newuser", RawSyscalls.UNSHARE, new long[] {CLONE_NEWUSER}));
        calls.add(new Call("unshare-newns-newuser", RawSyscalls.UNSHARE, new long[] {CLONE_NEWNS | CLONE_NEWUSER}));
        // Each of these flag sets is invalid (EINVAL) without a policy: nothing can be created.
        calls.add(new Call("clone-newuser", RawSyscalls.CLONE, new long[] {CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0}));
        calls.add(new Call("clone-newns", RawSyscalls.CLONE, new long[] {CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0}));
        calls.add(new Call("clone-newnet", RawSyscalls.CLONE, new long[] {CLONE_NEWNET | CLONE_THREAD, 0, 0, 0, 0}));
        calls.add(new Call("clone3", RawSyscalls.CLONE3, new long[] {0, 0}));
        calls.add(new Call("mount", RawSyscalls.MOUNT, new long[] {0, 0, 0, 0, 0}));
        calls.add(new Call("umount2", RawSyscalls.UMOUNT2, new long[] {0, 0x80000000L}));
        calls.add(new Call("pivot_root", RawSyscalls.PIVOT_ROOT, new long[] {0, 0}));
        calls.add(new Call("chroot", RawSyscalls.CHROOT, new long[] {0}));
        calls.add(new Call("open_tree", RawSyscalls.OPEN_TREE, new long[] {-1, 0, 0xFFFFFFFFL}));
        calls.add(new Call("move_mount", RawSyscalls.MOVE_MOUNT, new long[] {-1, 0, -1, 0, 0xFFFFFFFFL}));
        calls.add(new Call("fsopen", RawSyscalls.FSOPEN, new long[] {0, 0xFFFFFFFFL}));
        calls.add(new Call("fsconfig", RawSyscalls.FSCONFIG, new long[] {-1, 0xFFFF, 0, 0, 0}));
        calls.add(new Call("fsmount", RawSyscalls.FSMOUNT, new long[] {-1, 0xFFFFFFFFL, 0}));
        calls.add(new Call("fspick", RawSyscalls.FSPICK, new long[] {-1, 0, 0xFFFFFFFFL}));
        calls.add(new Call("mount_setattr", RawSyscalls.MOUNT_SETATTR, new long[] {-1, 0, 0xFFFFFFFFL, 0, 0}));
        calls.add(new Call("keyctl", RawSyscalls.KEYCTL, new long[] {0xFFFF}));
        calls.add(new Call("add_key", RawSyscalls.ADD_KEY, new long[] {0, 0, 0, 0, 0}));
        calls.add(new Call("request_key", RawSyscalls.REQUEST_KEY, new long[] {0, 0, 0, 0}));
        calls.add(new Call("bpf", RawSyscalls.BPF, new long[] {0x7FFFFFFFL, 0, 0}));
        calls.add(new Call("perf_event_open", RawSyscalls.PERF_EVENT_OPEN, new long[] {0, 0, -1, -1, 0}));
        calls.add(new Call("userfaultfd", RawSyscalls.USERFAULTFD, new long[] {0xFFFFFFFFL}));
        calls.add(new Call("io_uring_setup", RawSyscalls.IO_URING_SETUP, new long[] {1, 0}));
        calls.add(new Call("io_uring_enter", RawSyscalls.IO_URING_ENTER, new long[] {-1, 0, 0, 0, 0, 0}));
        calls.add(new Call("io_uring_register", RawSyscalls.IO_URING_REGISTER, new long[] {-1, 0, 0, 0}));
        // fd 1 is checked to be no terminal before these run (see denied()).
        calls.add(new Call("ioctl-tiocsti", RawSyscalls.IOCTL, new long[] {1, 0x5412, p}));
        calls.add(new Call("ioctl-tiocsti-high", RawSyscalls.IOCTL, new long[] {1, 0xFFFFFFFF00005412L, p}));
        calls.add(new Call("ioctl-tioclinux", RawSyscalls.IOCTL, new long[] {1, 0x541C, p}));
        calls.add(new Call("socket-unix", RawSyscalls.SOCKET, new long[] {1, 1, 0}));
        calls.add(new Call("socket-unix-high", RawSyscalls.SOCKET, new long[] {0xFFFFFFFF00000001L, 1, 0}));
        calls.add(new Call("open_by_handle_at", RawSyscalls.OPEN_BY_HANDLE_AT, new long[] {-1, 0, 0}));
        calls.add(new Call("init_module", RawSyscalls.INIT_MODULE, new long[] {0, 0, 0}));
        calls.add(new Call("finit_module", RawSyscalls.FINIT_MODULE, new long[] {-1, 0, 0}));
        calls.add(new Call("delete_module", RawSyscalls.DELETE_MODULE, new long[] {0, 0}));
        calls.add(new Call("kexec_load", RawSyscalls.KEXEC_LOAD, new long[] {0, 0, 0, 0xFFFFFFFFL}));
        calls.add(new Call("kexec_file_load", RawSyscalls.KEXEC_FILE_LOAD, new long[] {-1, -1, 0, 0, 0xFFFFFFFFL}));
        calls.add(new Call("reboot", RawSyscalls.REBOOT, new long[] {0, 0, 0, 0}));
        calls.add(new Call("swapon", RawSyscalls.SWAPON, new long[] {0, 0x80000000L}));
        calls.add(new Call("swapoff", RawSyscalls.SWAPOFF, new long[] {0}));
        calls.add(new Call("acct", RawSyscalls.ACCT, new long[] {1}));
        calls.add(new Call("iopl", RawSyscalls.IOPL, new long[] {4}));
        calls.add(new Call("ioperm", RawSyscalls.IOPERM, new long[] {0xFFFF0000L, 0x10000L, 1}));
        calls.add(new Call("x32-getpid", RawSyscalls.X32 | RawSyscalls.GETPID, new long[0]));
        calls.add(new Call("x32-unshare-newuser", RawSyscalls.X32 | RawSyscalls.UNSHARE, new long[] {CLONE_NEWUSER}));
        return calls;
    }

    private static void denied() {
        Pointer buf = SYS.alloc(256);
        Pointer fds = SYS.alloc(16);
        boolean tty = SYS.call(RawSyscalls.IOCTL, 1, 0x5401, buf.address()).ok(); // TCGETS
        for (Call c : deniedCalls(buf)) {
            if (tty && c.name().startsWith("ioctl-")) {
                System.out.println("SYSCALL " + c.name() + " SKIPPED stdout is a terminal");
                continue;
            }
            RawSyscalls.Result r = SYS.call(c.nr(), c.args());
            if (r.ok() && c.name().startsWith("socket")) {
                SYS.call(RawSyscalls.CLOSE, r.rc());
            }
            System.out.println("SYSCALL " + c.name() + " " + r.code());
        }
        RawSyscalls.Result pair = SYS.call(RawSyscalls.SOCKETPAIR, 1, 1, 0, fds.address());
        if (pair.ok()) {
            SYS.call(RawSyscalls.CLOSE, fds.getInt(0));
            SYS.call(RawSyscalls.CLOSE, fds.getInt(4));
        }
        System.out.println("ALLOWED socketpair-unix " + pair.code());
        RawSyscalls.Result inet = SYS.call(RawSyscalls.SOCKET, 2, 1, 0);
        if (inet.ok()) {
            SYS.call(RawSyscalls.CLOSE, inet.rc());
        }
        System.out.println("ALLOWED socket-inet " + inet.code());
        RawSyscalls.Result pipe = SYS.call(RawSyscalls.PIPE2, fds.address(), 0);
        if (pipe.ok()) {
            RawSyscalls.Result tcgets = SYS.call(RawSyscalls.IOCTL, fds.getInt(0), 0x5401, buf.address());
            System.out.println("ALLOWED ioctl-tcgets-pipe " + tcgets.code());
            SYS.call(RawSyscalls.CLOSE, fds.getInt(0));
            SYS.call(RawSyscalls.CLOSE, fds.getInt(4));
        } else {
            System.out.println("ALLOWED pipe2 " + pipe.code());
        }
        System.out.println("ALLOWED kill-self-0 " + SYS.call(RawSyscalls.KILL, ProcessHandle.current().pid(), 0).code());
    }

    private static void attack(String name, boolean escaped, String detail) {
        System.out.println("ATTACK " + name + " " + (escaped ? "ESCAPED" : "blocked") + " " + detail);
        System.out.flush();
    }

    private static void otherProcess(Options o) throws Exception {
        long pid = o.target;
        RawSyscalls.Result pidfd = SYS.call(RawSyscalls.PIDFD_OPEN, pid, 0);
        attack("pidfd_open", pidfd.ok(), pidfd.toString());
        RawSyscalls.Result setns = SYS.call(RawSyscalls.SETNS, pidfd.ok() ? pidfd.rc() : -1, CLONE_NEWUSER);
        attack("setns-user", setns.ok(), setns.toString());
        if (pidfd.ok()) {
            RawSyscalls.Result stolen = SYS.call(RawSyscalls.PIDFD_GETFD, pidfd.rc(), 0, 0);
            attack("pidfd_getfd", stolen.ok(), stolen.toString());
        }
        RawSyscalls.Result unshare = SYS.call(RawSyscalls.UNSHARE, CLONE_NEWUSER);
        attack("unshare-user", unshare.ok(), unshare.toString());
        RawSyscalls.Result seize = SYS.call(RawSyscalls.PTRACE, 0x4206, pid, 0, 0); // PTRACE_SEIZE: the target does not stop
        attack("ptrace-seize", seize.ok(), seize.toString());
        if (!seize.ok()) {
            RawSyscalls.Result attach = SYS.call(RawSyscalls.PTRACE, 16, pid, 0, 0);
            attack("ptrace-attach", attach.ok(), attach.toString());
        }
        Pointer local = SYS.alloc(64);
        Pointer iov = SYS.alloc(32);
        iov.putAddress(0, local.address());
        iov.putLong(8, 64);
        iov.putAddress(16, o.remoteAddr);
        iov.putLong(24, 64);
        RawSyscalls.Result read = SYS.call(RawSyscalls.PROCESS_VM_READV, pid, iov.address(), 1, iov.address() + 16, 1, 0);
        attack("process_vm_readv", read.ok(), read.toString());
        System.out.println("INFO kill-0 " + SYS.call(RawSyscalls.KILL, pid, 0).code());
        toolAttack("tool-setns-escape", List.of(o.tool, "escape", Long.toString(pid), o.sub, o.marker));
        toolAttack("tool-unshare-escape", List.of(o.tool, "unshare", o.sub, o.marker));
    }

    /** Runs the jail's static tool; it escaped if it printed the marker file's content. */
    private static void toolAttack(String name, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            String read = out.lines().filter(l -> l.startsWith("TOOL read ")).findFirst().orElse(null);
            attack(name, read != null, out.strip().replace('\n', ';'));
        } catch (IOException | InterruptedException e) {
            attack(name, false, "tool not started: " + e);
        }
    }

    private static void keyring() {
        Pointer type = SYS.cstring("user");
        Pointer desc = SYS.cstring("jail4j-secret");
        Pointer buf = SYS.alloc(256);
        RawSyscalls.Result found = SYS.call(RawSyscalls.KEYCTL, KEYCTL_SEARCH, KEY_SPEC_SESSION_KEYRING,
                type.address(), desc.address(), 0);
        System.out.println("KEY search " + found.code() + (found.ok() ? " id=" + found.rc() : ""));
        if (found.ok()) {
            RawSyscalls.Result read = SYS.call(RawSyscalls.KEYCTL, KEYCTL_READ, found.rc(), buf.address(), 255);
            String text = read.ok() ? buf.getString(0, (int) Math.min(read.rc(), 255), StandardCharsets.UTF_8) : "";
            System.out.println("KEY read " + read.code() + " " + text);
        }
    }

    private static void check(String name, java.util.concurrent.Callable<String> body) {
        String result;
        try {
            result = "OK " + body.call();
        } catch (Throwable t) {
            result = "FAIL " + String.valueOf(t).replace('\n', ' ');
        }
        System.out.println("CHECK " + name + " " + result);
        System.out.flush();
    }

    private static void jvmWorks(Options o) {
        if (o.allocMb > 0) {
            check("heap", () -> {
                List<byte[]> hold = new ArrayList<>();
                for (int i = 0; i < o.allocMb; i++) {
                    hold.add(new byte[1 << 20]);
                }
                long sum = hold.size();
                hold.clear();
                System.gc();
                List<byte[]> again = new ArrayList<>();
                for (int i = 0; i < o.allocMb; i++) {
                    again.add(new byte[1 << 20]);
                }
                System.gc();
                return (sum + again.size()) + " MB allocated";
            });
            return;
        }
        FeatureRows.runAll(false);
        check("threads", () -> {
            List<Thread> ts = new ArrayList<>();
            AtomicLong ran = new AtomicLong();
            for (int i = 0; i < 32; i++) {
                Thread t = new Thread(ran::incrementAndGet);
                t.start();
                ts.add(t);
            }
            for (Thread t : ts) {
                t.join();
            }
            if (ran.get() != 32) {
                throw new IllegalStateException(ran.get() + " of 32 ran");
            }
            return "32 threads";
        });
        check("gc", () -> {
            System.gc();
            return "";
        });
        check("nio-loopback", () -> {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                     SocketChannel accepted = server.accept()) {
                    client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer got = ByteBuffer.allocate(4);
                    while (got.hasRemaining()) {
                        accepted.read(got);
                    }
                    return new String(got.array(), StandardCharsets.US_ASCII);
                }
            }
        });
        check("watch-service", () -> {
            Path dir = Path.of(o.work);
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                Files.writeString(dir.resolve("created"), "x");
                WatchKey key = watch.poll(10, TimeUnit.SECONDS);
                if (key == null || key.pollEvents().isEmpty()) {
                    throw new IllegalStateException("no event within 10 s");
                }
                return "event";
            }
        });
        check("process-static-tool", () -> {
            Process p = new ProcessBuilder(o.tool, "echo").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int rc = p.waitFor();
            if (rc != 0 || !out.startsWith("TOOL uid=")) {
                throw new IllegalStateException("exit " + rc + ": " + out);
            }
            return out;
        });
        check("process-missing-program", () -> {
            try {
                new ProcessBuilder("/no/such/program").start().waitFor();
                throw new IllegalStateException("a missing program started");
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                // JDK 17: "error=2, No such file ..."; JDK 25: "Exec failed, error: 2 (No such file ...)".
                // An EPERM (error=1) here would mean the policy denied the clone3 or clone itself.
                if (!m.contains("error=2,") && !m.contains("error: 2 (")) {
                    throw new IllegalStateException("not ENOENT: " + m);
                }
                return m;
            }
        });
        check("virtual-threads", () -> {
            if (Runtime.version().feature() < 21) {
                return "n/a before JDK 21";
            }
            AtomicLong ran = new AtomicLong();
            Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ts.add((Thread) start.invoke(null, (Runnable) ran::incrementAndGet));
            }
            for (Thread t : ts) {
                t.join();
            }
            if (ran.get() != 100) {
                throw new IllegalStateException(ran.get() + " of 100 ran");
            }
            return "100 virtual threads";
        });
    }
}
