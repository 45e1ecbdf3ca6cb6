package io.jail4j;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.reflect.InvocationTargetException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jnr.ffi.Pointer;

/**
 * A forked program that sets up ONE attack as root before {@code enter()}, enters the jail, then,
 * as the attacker running as the target user, tries to use what it set up.
 *
 * <p>Arguments: {@code --jail DIR --user NAME [--close-fds] [--keep-fd N|attack]
 * [--insecure-keep-writable PATH] [--insecure-allow-children] [--no-enter] [--wait] [--out-fd N]
 * --attack NAME [attack args...]}. {@code --keep-fd attack} keeps every descriptor the attack holds.
 * {@code --no-enter} is the control run: the same attack without a jail, which must escape.
 * {@code --wait} prints {@code READY <pid>} before the attack and waits for a line on stdin, so the
 * test can act (or look at {@code /proc/PID}) in between. {@code --out-fd N} writes every protocol
 * line to descriptor N instead of stdout (for attacks on stdout itself).
 *
 * <p>Output lines, in order: {@code SETUP <attack> fds [..] [detail]}; then either
 * {@code REFUSED <exception> <message>}, {@code STAGE refused} and exit status 3, or
 * {@code REPORT <json>}, {@code ENTERED <pid>}, {@code STAGE entered} (or {@code STAGE control}
 * with {@code --no-enter}); {@code READY <pid>} with {@code --wait}; {@code ATTACK <name>
 * blocked|ESCAPED <detail>}; {@code DONE}. An option the library lacks: {@code NOAPI <method>}
 * and exit status 4.
 *
 * <p>Attacks and their arguments:
 * <ul>
 *   <li>{@code fanotify MOUNT SECRET}: a fanotify group (no FAN_CLOEXEC) marking FAN_OPEN on the
 *       mount of MOUNT; after entry, read the queued events and read each event's file: ESCAPED if
 *       one is the host file SECRET (whose content starts with {@code host secret}).</li>
 *   <li>{@code unix-inflight SECRET}: a socketpair with a descriptor of the host's {@code /} in flight
 *       (SCM_RIGHTS), the original closed; after entry receive it and open SECRET through it.</li>
 *   <li>{@code unix-root-peer SOCKET SECRET}: connected as root to a root helper listening on
 *       SOCKET; after entry ask it for the root-only file SECRET.</li>
 *   <li>{@code journald-stdout SECRET}: stdout (fd 1) is a unix socket to a server; after entry ask
 *       it on fd 1 for SECRET and wait 1.5 s for a reply.</li>
 *   <li>{@code shared-mapping FILE}: a MAP_SHARED read-write mapping of FILE, its channel closed;
 *       after entry write {@code JAILWROTE} at offset 0 and force() it.</li>
 *   <li>{@code writable-jvm-file FILE}: FILE (a class-path jar) opened {@code rw}; after entry
 *       append to it: ESCAPED if its length grew.</li>
 *   <li>{@code root-child [--as UID:GID] MARKER}: a {@code sh} started before entry (as root, or
 *       with setpriv as UID:GID), pipes kept; after entry make it run {@code id -u > MARKER}:
 *       ESCAPED if it answers 0.</li>
 *   <li>{@code tty}: after entry {@code ioctl(0, TIOCSTI)}, plainly and with the request's high 32
 *       bits set: ESCAPED if either succeeds.</li>
 *   <li>{@code abstract-socket NAME SECRET}: after entry connect to {@code @NAME} in the abstract
 *       unix namespace, receive a descriptor and read SECRET through it: ESCAPED if that works
 *       ({@code --allow RULE} lifts a rule of the syscall policy).</li>
 * </ul>
 */
public final class AttackChild {
    private static final String SECRET_CONTENT = "host secret";
    private static PrintStream out = System.out;
    private static AttackNative os;

    private AttackChild() {
    }

    /** One attack: prepared as root, used after {@code enter()}. */
    abstract static class Attack {
        final String name;
        /** The descriptors the attack holds, for {@code --keep-fd attack}. */
        final List<Integer> fds = new ArrayList<>();
        String detail = "";

        Attack(String name) {
            this.name = name;
        }

        abstract void setup(String[] args) throws Exception;

        /** Returns {@code ESCAPED <detail>} or {@code blocked <detail>}. */
        abstract String use() throws Exception;
    }

    /** A fanotify group watching the opens of a whole mount. */
    static final class Fanotify extends Attack {
        private int group;
        private String secret;
        private Pointer events;
        private Pointer data;
        private Pointer pollfd;

        Fanotify() {
            super("fanotify");
        }

        @Override
        void setup(String[] args) {
            secret = args[1];
            events = os.buffer(65536);
            data = os.buffer(256);
            pollfd = os.buffer(8);
            // FAN_CLASS_NOTIF, inheritable (no FAN_CLOEXEC); event files O_RDONLY|O_NONBLOCK (no FIFO hangs)
            long fd = os.sys(AttackNative.FANOTIFY_INIT, 0, 04000, 0);
            if (fd < 0) {
                throw new IllegalStateException("fanotify_init: " + os.rc(fd));
            }
            group = (int) fd;
            // FAN_MARK_ADD|FAN_MARK_MOUNT, FAN_OPEN|FAN_ONDIR
            long rc = os.sys(AttackNative.FANOTIFY_MARK, group, 0x1 | 0x10, 0x20L | 0x40000000L,
                    AttackNative.AT_FDCWD, os.path(args[0]));
            if (rc < 0) {
                throw new IllegalStateException("fanotify_mark(" + args[0] + "): " + os.rc(rc));
            }
            fds.add(group);
        }

        @Override
        String use() {
            int seen = 0;
            int failed = 0;
            String how = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (how == null && System.nanoTime() < deadline && os.readable(group, pollfd, 1000)) {
                long n = os.sys(AttackNative.READ, group, events.address(), 65536);
                if (n < 0) {
                    failed++;
                    continue;
                }
                for (int off = 0; off + 24 <= n; ) {
                    int len = events.getInt(off);
                    int fd = events.getInt(off + 16);
                    seen++;
                    if (fd >= 0) {
                        String text = os.readText(fd, data, 64);
                        if (how == null && text != null && text.startsWith(SECRET_CONTENT)) {
                            how = "read the host file " + secret + " through the event's fd " + fd;
                        }
                        os.sys(AttackNative.CLOSE, fd);
                    } else {
                        failed++;
                    }
                    if (len < 24) {
                        break;
                    }
                    off += len;
                }
            }
            String counts = seen + " events, " + failed + " without a file";
            return how != null ? "ESCAPED " + how + " (" + counts + ")" : "blocked " + counts + ", none reached " + secret;
        }
    }

    /** A socketpair with a host directory descriptor in flight. */
    static class UnixInflight extends Attack {
        private int receiver;
        private String secret;
        private Pointer msg;
        private Pointer iov;
        private Pointer byteBuf;
        private Pointer control;
        private Pointer data;

        UnixInflight() {
            super("unix-inflight");
        }

        UnixInflight(String name) {
            super(name);
        }

        /** Allocates the message buffers (before the chroot); {@code file} is the host file to read. */
        void allocate(String file) {
            secret = file;
            msg = os.buffer(64);
            iov = os.buffer(16);
            byteBuf = os.buffer(8);
            control = os.buffer(64);
            data = os.buffer(256);
        }

        void receiveOn(int fd) {
            receiver = fd;
        }

        private void message(int controlLength) {
            msg.putLong(0, 0);                         // msg_name
            msg.putInt(8, 0);                          // msg_namelen
            msg.putLong(16, iov.address());            // msg_iov
            msg.putLong(24, 1);                        // msg_iovlen
            msg.putLong(32, control.address());        // msg_control
            msg.putLong(40, controlLength);            // msg_controllen
            msg.putInt(48, 0);                         // msg_flags
            iov.putLong(0, byteBuf.address());
            iov.putLong(8, 1);
        }

        @Override
        void setup(String[] args) {
            allocate(args[0]);
            Pointer sv = os.buffer(8);
            long rc = os.sys(AttackNative.SOCKETPAIR, 1, 1, 0, sv.address(), 0); // AF_UNIX, SOCK_STREAM
            if (rc < 0) {
                throw new IllegalStateException("socketpair: " + os.rc(rc));
            }
            int sender = sv.getInt(0);
            receiver = sv.getInt(4);
            long dir = os.openat(AttackNative.AT_FDCWD, "/", AttackNative.O_RDONLY | AttackNative.O_DIRECTORY);
            if (dir < 0) {
                throw new IllegalStateException("open(/): " + os.rc(dir));
            }
            byteBuf.putByte(0, (byte) 'x');
            control.putLong(0, 20);   // cmsg_len = CMSG_LEN(sizeof(int))
            control.putInt(8, 1);     // SOL_SOCKET
            control.putInt(12, 1);    // SCM_RIGHTS
            control.putInt(16, (int) dir);
            message(24);              // CMSG_SPACE(sizeof(int))
            rc = os.sys(AttackNative.SENDMSG, sender, msg.address(), 0);
            if (rc != 1) {
                throw new IllegalStateException("sendmsg: " + os.rc(rc));
            }
            os.sys(AttackNative.CLOSE, dir);
            fds.add(sender);
            fds.add(receiver);
            detail = "/ in flight from fd " + sender + " to fd " + receiver + ", original fd " + dir + " closed";
        }

        @Override
        String use() {
            for (int i = 0; i < 64; i++) {
                control.putByte(i, (byte) 0);
            }
            message(64);
            long n = os.sys(AttackNative.RECVMSG, receiver, msg.address(), 0);
            if (n < 0) {
                return "blocked recvmsg on fd " + receiver + ": " + os.rc(n);
            }
            if (msg.getLong(40) < 20 || control.getInt(8) != 1 || control.getInt(12) != 1) {
                return "blocked recvmsg on fd " + receiver + " got " + n + " bytes and no descriptor";
            }
            int got = control.getInt(16);
            long f = os.openat(got, secret.substring(1), AttackNative.O_RDONLY);
            if (f < 0) {
                return "blocked received fd " + got + " but openat(" + secret.substring(1) + ") failed: " + os.rc(f);
            }
            String text = os.readText(f, data, 64);
            os.sys(AttackNative.CLOSE, f);
            return text != null && text.startsWith(SECRET_CONTENT)
                    ? "ESCAPED read " + secret + " through the host's / received as fd " + got
                    : "blocked received fd " + got + " but read " + text;
        }
    }

    /**
     * A connection made after {@code enter()} to a socket in the abstract unix namespace, which
     * chroot does not isolate, whose root server hands out the host's {@code /}.
     */
    static final class AbstractSocket extends UnixInflight {
        private String name;
        private Pointer address;

        AbstractSocket() {
            super("abstract-socket");
        }

        @Override
        void setup(String[] args) {
            name = args[0];
            allocate(args[1]);
            address = os.buffer(110);
            detail = "connects to @" + name + " after entering";
        }

        @Override
        String use() {
            long sock = os.sys(AttackNative.SOCKET, 1, 1, 0); // AF_UNIX, SOCK_STREAM
            if (sock < 0) {
                return "blocked socket(AF_UNIX): " + os.rc(sock);
            }
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            address.putShort(0, (short) 1); // sun_family = AF_UNIX; sun_path[0] = 0: abstract
            address.putByte(2, (byte) 0);
            address.put(3, bytes, 0, bytes.length);
            long rc = os.sys(AttackNative.CONNECT, sock, address.address(), 3 + bytes.length);
            if (rc < 0) {
                return "blocked connect(@" + name + "): " + os.rc(rc);
            }
            receiveOn((int) sock);
            return super.use();
        }
    }

    /** A connection, made as root, to a root helper that reads files for its clients. */
    static final class UnixRootPeer extends Attack {
        private SocketChannel channel;
        private String secret;

        UnixRootPeer() {
            super("unix-root-peer");
        }

        @Override
        void setup(String[] args) throws IOException {
            secret = args[1];
            Set<Integer> before = openFds();
            channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]));
            fds.addAll(newFds(before));
            detail = "connected to " + args[0];
        }

        @Override
        String use() throws IOException {
            channel.write(ByteBuffer.wrap(("cat " + secret + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer reply = ByteBuffer.allocate(4096);
            int n = channel.read(reply);
            String text = n <= 0 ? "" : new String(reply.array(), 0, n, StandardCharsets.UTF_8);
            return text.startsWith(SECRET_CONTENT) ? "ESCAPED the root peer read the root-only " + secret + " for us"
                    : "blocked the peer answered " + text.strip();
        }
    }

    /** Standard output connected to a unix socket server (journald, or a root helper). */
    static final class StdoutPeer extends Attack {
        private String secret;
        private Pointer buf;
        private Pointer pollfd;

        StdoutPeer() {
            super("journald-stdout");
        }

        @Override
        void setup(String[] args) {
            secret = args[0];
            buf = os.buffer(4096);
            pollfd = os.buffer(8);
            fds.add(1);
            fds.add(2);
        }

        @Override
        String use() {
            byte[] ask = ("cat " + secret + "\n").getBytes(StandardCharsets.UTF_8);
            buf.put(0, ask, 0, ask.length);
            long w = os.sys(AttackNative.WRITE, 1, buf.address(), ask.length);
            if (w != ask.length) {
                return "blocked write to fd 1: " + os.rc(w);
            }
            if (!os.readable(1, pollfd, 1500)) {
                return "blocked wrote to fd 1, no reply from its peer";
            }
            String text = os.readText(1, buf, 4096);
            return text != null && text.startsWith(SECRET_CONTENT)
                    ? "ESCAPED the peer on fd 1 read the root-only " + secret + " for us"
                    : "blocked the peer on fd 1 answered " + text;
        }
    }

    /** A shared writable mapping of a host file whose descriptor is closed. */
    static final class SharedMapping extends Attack {
        private MappedByteBuffer map;
        private String file;

        SharedMapping() {
            super("shared-mapping");
        }

        @Override
        void setup(String[] args) throws IOException {
            file = scratch(args[0]);
            try (FileChannel ch = FileChannel.open(Path.of(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            }
            map.force(); // loads what force() needs
            detail = "mapped " + map.capacity() + " bytes of " + file + ", channel closed";
        }

        @Override
        String use() {
            byte[] b = "JAILWROTE".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < b.length; i++) {
                map.put(i, b[i]);
            }
            map.force();
            return "ESCAPED wrote " + b.length + " bytes through the shared mapping of " + file
                    + " (the host file's content is the verdict)";
        }
    }

    /** A host file the JVM itself uses (a class-path jar), opened for writing. */
    static final class WritableJvmFile extends Attack {
        private RandomAccessFile file;
        private String path;

        WritableJvmFile() {
            super("writable-jvm-file");
        }

        @Override
        void setup(String[] args) throws IOException {
            path = scratch(args[0]);
            Set<Integer> before = openFds();
            file = new RandomAccessFile(path, "rw");
            fds.addAll(newFds(before));
            file.seek(file.length());
        }

        @Override
        String use() throws IOException {
            long before = file.length();
            file.seek(before);
            file.write("written-after-enter\n".getBytes(StandardCharsets.US_ASCII));
            long after = file.length();
            return before > 0 && after > before
                    ? "ESCAPED appended to " + path + " (length " + before + " -> " + after + ")"
                    : "blocked the write went elsewhere (length " + before + " -> " + after + ")";
        }
    }

    /** A shell started before entry, its pipes kept. */
    static final class RootChild extends Attack {
        private Process child;
        private BufferedReader reader;
        private OutputStream writer;
        private String marker;

        RootChild() {
            super("root-child");
        }

        @Override
        void setup(String[] args) throws IOException {
            List<String> cmd = new ArrayList<>();
            int i = 0;
            if (args[0].equals("--as")) {
                String[] ids = args[1].split(":");
                cmd.addAll(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups"));
                i = 2;
            }
            cmd.add("sh");
            marker = scratch(args[i]);
            child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            writer = child.getOutputStream();
            writer.write("echo up $(id -u)\n".getBytes(StandardCharsets.US_ASCII));
            writer.flush();
            String up = reader.readLine(); // the shell runs (as whom it will), before enter()
            detail = "child " + child.pid() + " " + up;
        }

        @Override
        String use() throws IOException {
            writer.write(("id -u > " + marker + "; echo done $(id -u)\n").getBytes(StandardCharsets.US_ASCII));
            writer.flush();
            String line = reader.readLine();
            return "done 0".equals(line) ? "ESCAPED child " + child.pid() + " ran id -u > " + marker + " as root"
                    : "blocked child " + child.pid() + " answered " + line;
        }
    }

    /** The controlling terminal: type into it with TIOCSTI. */
    static final class Tty extends Attack {
        private Pointer c;

        Tty() {
            super("tty");
        }

        @Override
        void setup(String[] args) {
            c = os.buffer(8);
            c.putByte(0, (byte) 'x');
            detail = "fd 0 is a terminal: " + System.console();
        }

        @Override
        String use() {
            long plain = os.sys(AttackNative.IOCTL, 0, AttackNative.TIOCSTI, c.address());
            String p = os.rc(plain);
            long high = os.sys(AttackNative.IOCTL, 0, 0xFFFFFFFF00000000L | AttackNative.TIOCSTI, c.address());
            String h = os.rc(high);
            String d = "TIOCSTI " + p + "; TIOCSTI|0xffffffff00000000 " + h;
            return plain == 0 || high == 0 ? "ESCAPED " + d : "blocked " + d;
        }
    }

    static Attack create(String name) {
        switch (name) {
            case "fanotify": return new Fanotify();
            case "unix-inflight": return new UnixInflight();
            case "unix-root-peer": return new UnixRootPeer();
            case "journald-stdout": return new StdoutPeer();
            case "shared-mapping": return new SharedMapping();
            case "writable-jvm-file": return new WritableJvmFile();
            case "root-child": return new RootChild();
            case "tty": return new Tty();
            case "abstract-socket": return new AbstractSocket();
            default: throw new IllegalArgumentException("unknown attack " + name);
        }
    }

    /**
     * Returns {@code file} if an attack may write it: a file under the temporary directory, not under
     * {@code java.home}. Anything else (a JVM's own file, a system file) is never written.
     */
    static String scratch(String file) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        Path parent = Path.of(file).toAbsolutePath().getParent().toRealPath();
        if (!parent.startsWith(tmp) || parent.equals(tmp) || parent.startsWith(home)) {
            throw new IllegalArgumentException(file + " is not a scratch file in a directory under " + tmp
                    + ": an attack writes only files the test made for it");
        }
        return file;
    }

    /** The open descriptor numbers (before the chroot only). */
    static Set<Integer> openFds() {
        Set<Integer> fds = new TreeSet<>();
        String[] names = new File("/proc/self/fd").list();
        for (String n : names == null ? new String[0] : names) {
            // the listing's own directory descriptor is in the list and closed by now
            if (Files.isSymbolicLink(Path.of("/proc/self/fd/" + n))) {
                fds.add(Integer.parseInt(n));
            }
        }
        return fds;
    }

    /** The descriptors open now and not in {@code before}. */
    static List<Integer> newFds(Set<Integer> before) {
        List<Integer> out = new ArrayList<>();
        for (int fd : openFds()) {
            if (!before.contains(fd)) {
                out.add(fd);
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path jail = null;
        String user = null;
        boolean closeFds = false;
        boolean noEnter = false;
        boolean wait = false;
        boolean allowChildren = false;
        List<String> keepFds = new ArrayList<>();
        List<Path> insecure = new ArrayList<>();
        List<SyscallRule> allowed = new ArrayList<>();
        String attackName = null;
        String[] attackArgs = new String[0];
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jail": jail = Path.of(args[++i]); break;
                case "--user": user = args[++i]; break;
                case "--close-fds": closeFds = true; break;
                case "--keep-fd": keepFds.add(args[++i]); break;
                case "--insecure-keep-writable": insecure.add(Path.of(args[++i])); break;
                case "--insecure-allow-children": allowChildren = true; break;
                case "--allow": allowed.add(SyscallRule.valueOf(args[++i])); break;
                case "--no-enter": noEnter = true; break;
                case "--wait": wait = true; break;
                case "--out-fd": {
                    // Never reopen a file by number: an fd the parent did not pass is the JVM's own
                    // (the runtime image), and O_TRUNC would destroy it.
                    String fdPath = "/proc/self/fd/" + args[++i];
                    String what = Files.readSymbolicLink(Path.of(fdPath)).toString();
                    if (!what.startsWith("pipe:") && !what.startsWith("socket:")) {
                        throw new IllegalStateException("--out-fd " + fdPath + " is " + what + ", not a pipe or socket");
                    }
                    out = new PrintStream(new FileOutputStream(fdPath, true), true, StandardCharsets.UTF_8);
                    break;
                }
                case "--attack":
                    attackName = args[++i];
                    attackArgs = Arrays.copyOfRange(args, i + 1, args.length);
                    i = args.length;
                    break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (attackName == null) {
            throw new IllegalArgumentException("--attack NAME is required");
        }
        os = AttackNative.load();
        for (Class<?> c : AttackChild.class.getDeclaredClasses()) { // the class path is gone after the chroot
            Class.forName(c.getName());
        }
        Attack attack = create(attackName);
        attack.setup(attackArgs);
        out.println("SETUP " + attack.name + " fds " + attack.fds + " " + attack.detail);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long pid = ProcessHandle.current().pid();
        if (noEnter) {
            out.println("STAGE control");
        } else {
            Jail plan = Jail.at(jail).dropTo(user);
            if (closeFds) {
                plan = plan.closeFds();
            }
            for (String k : keepFds) {
                if (k.equals("attack")) {
                    for (int fd : attack.fds) {
                        plan = plan.keep(fd, "test keeps the " + attack.name + " descriptor");
                    }
                } else {
                    plan = plan.keep(Integer.parseInt(k), "test keeps fd " + k);
                }
            }
            for (Path p : insecure) {
                plan = plan.insecureKeepWritable(p, "test");
            }
            for (SyscallRule rule : allowed) {
                plan = plan.insecureAllow(rule, "test lifts " + rule);
            }
            if (allowChildren) {
                plan = optIn(plan, "insecureAllowChildProcesses");
            }
            EntryReport report;
            try {
                report = plan.enter();
            } catch (JailException e) {
                out.println("REFUSED " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
                out.println("STAGE refused");
                out.flush();
                System.exit(3);
                return;
            }
            out.println("REPORT " + report.toJson());
            out.println("ENTERED " + pid);
            out.println("STAGE entered");
        }
        if (wait) {
            out.println("READY " + pid);
            out.flush();
            in.readLine();
        }
        String verdict;
        try {
            verdict = attack.use();
        } catch (Exception | LinkageError e) {
            verdict = "blocked (threw " + e + ")";
        }
        out.println("ATTACK " + attack.name + " " + verdict);
        out.println("DONE");
        out.flush();
        System.exit(0); // a kept child process or socket must not keep the JVM alive
    }

    /** Calls {@code Jail.NAME(String why)}, an option that may not exist yet: then NOAPI and exit 4. */
    private static Jail optIn(Jail plan, String name) throws Exception {
        try {
            return (Jail) Jail.class.getMethod(name, String.class).invoke(plan, "test");
        } catch (NoSuchMethodException e) {
            out.println("NOAPI Jail." + name + "(String)");
            out.flush();
            System.exit(4);
            return plan;
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
