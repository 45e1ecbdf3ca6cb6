package io.jail4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A recording fake of {@link SystemCalls}: a small model of the process state the kernel keeps (ids,
 * groups, capabilities, root, cwd, descriptors, threads) and of a file tree, that records every
 * call and can make any call fail with a chosen errno, or "succeed" without effect.
 */
final class FakeOs implements SystemCalls {
    static final long ALL_CAPS = (1L << 41) - 1;

    /** Thrown by {@link #exit(int)}: the fake's halt. */
    static final class Halted extends Error {
        private static final long serialVersionUID = 1L;
        final int status;

        Halted(int status) {
            super("_exit(" + status + ")");
            this.status = status;
        }
    }

    // process state
    long ruid;
    long euid;
    long suid;
    long rgid;
    long egid;
    long sgid;
    Set<Long> groups = new TreeSet<>();
    long caps = ALL_CAPS;
    String root = "/";
    String cwd = "/root";
    final Map<String, String> env = new LinkedHashMap<>();
    boolean entered;
    /** Open descriptors as the kernel would describe them; {@link #fd} makes simple ones. */
    final List<Fd> fds = new ArrayList<>();
    final List<Mapping> mappings = new ArrayList<>();
    final List<Child> children = new ArrayList<>();
    Terminal terminal = new Terminal(0, false);
    /** Whether a SIGHUP would be held (or is ignored) in the window. */
    boolean hangupSafe = true;
    final List<Long> tids = new ArrayList<>(List.of(100L, 101L, 102L));
    /** Status texts that replace the modelled one before the point of no return. */
    final Map<Long, String> taskBeforeEntry = new HashMap<>();
    /** Status texts that replace the modelled one after the point of no return. */
    final Map<Long, String> taskAfterEntry = new HashMap<>();
    final Set<Long> exitedTasks = new TreeSet<>();

    // the host
    final Map<String, Passwd> users = new HashMap<>();
    final Map<String, long[]> groupLists = new HashMap<>();
    final Map<String, FileStat> files = new HashMap<>();
    final Map<Long, Integer> processesByUid = new HashMap<>();

    // recording and injection
    final List<String> calls = new ArrayList<>();
    final StringBuilder stderr = new StringBuilder();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> ignored = new TreeSet<>();
    private final Map<Integer, String> openFiles = new HashMap<>();
    private int nextFd = 40;

    FakeOs() {
        users.put("ftp", new Passwd("ftp", 1001, 1001, "/srv/ftp/home/ftp", "/usr/sbin/nologin"));
        groupLists.put("ftp", new long[] {1001, 2001, 2002});
        users.put("nobody", new Passwd("nobody", 65534, 65534, "/nonexistent", "/usr/sbin/nologin"));
        groupLists.put("nobody", new long[] {65534});
        dir("/", 0, 0, 0755);
        dir("/srv", 0, 0, 0755);
        dir("/srv/ftp", 0, 0, 0755);
        dir("/tmp", 0, 0, 01777);
        fds.add(fd(0, "/dev/pts/0", OpenDescriptor.Kind.STANDARD, true));
        fds.add(fd(3, System.getProperty("java.home") + "/lib/modules", OpenDescriptor.Kind.JVM, false));
    }

    /** Describes a descriptor of the given kind as the kernel would: mode, link text, flags. */
    static Fd fd(int number, String target, OpenDescriptor.Kind kind, boolean writable) {
        int mode;
        switch (kind) {
            case DIRECTORY: mode = FileStat.S_IFDIR | 0755; break;
            case SOCKET: mode = 0140777; break;
            case PIPE: mode = 0010600; break;
            case ANON_INODE: mode = 0600; break;
            default: mode = 0100644;
        }
        return new Fd(number, target, mode, 0, identity(target + "#" + number), writable ? 2 : 0, null);
    }

    static FileId identity(String path) {
        return new FileId(path.startsWith("/srv/ftp") ? 7 : 1, 2049, Math.abs((long) path.hashCode()));
    }

    FakeOs dir(String path, long uid, long gid, int perms) {
        files.put(path, new FileStat(FileStat.S_IFDIR | perms, uid, gid, 2));
        return this;
    }

    FakeOs file(String path) {
        files.put(path, new FileStat(0100644, 0, 0, 1));
        return this;
    }

    FakeOs symlink(String path) {
        files.put(path, new FileStat(FileStat.S_IFLNK | 0777, 0, 0, 1));
        return this;
    }

    /** Positions in {@link #calls} of the calls that can fail (every one made through the model). */
    final List<Integer> failable = new ArrayList<>();
    private int failAt = -1;
    private int failAtErrno;

    /** Makes the call recorded at position {@code index} of {@link #calls} fail with {@code errno}. */
    FakeOs failAt(int index, int errno) {
        failAt = index;
        failAtErrno = errno;
        return this;
    }

    /** Makes every later call whose recorded text starts with {@code prefix} fail with errno. */
    FakeOs fail(String prefix, int errno) {
        failures.put(prefix, errno);
        return this;
    }

    /** Makes calls starting with {@code prefix} report success without changing anything. */
    FakeOs ignore(String prefix) {
        ignored.add(prefix);
        return this;
    }

    Credentials creds() {
        return new Credentials(ruid, euid, suid, rgid, egid, sgid, new TreeSet<>(groups));
    }

    /** Records the call; returns true if it should take effect, throws if it should fail. */
    /** Calls starting with this prefix throw an unexpected runtime exception, as a bug would. */
    String explodeOn;

    private boolean call(String text) throws SystemCallException {
        calls.add(text);
        if (explodeOn != null && text.startsWith(explodeOn)) {
            throw new IllegalStateException("boom in " + text);
        }
        failable.add(calls.size() - 1);
        if (failAt == calls.size() - 1) {
            throw new SystemCallException(text, failAtErrno, Native.errnoText(failAtErrno));
        }
        for (Map.Entry<String, Integer> f : failures.entrySet()) {
            if (text.startsWith(f.getKey())) {
                throw new SystemCallException(text, f.getValue(), Native.errnoText(f.getValue()));
            }
        }
        for (String prefix : ignored) {
            if (text.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** A regain attempt: fails with EPERM without the capability, unless told otherwise. */
    private int tryCall(String text, int cap) {
        try {
            if (!call(text)) {
                return 0; // "succeeds" without effect
            }
            return privileged(cap) ? 0 : 1;
        } catch (SystemCallException e) {
            return e.errno();
        }
    }

    private boolean privileged(int cap) {
        return (caps & (1L << cap)) != 0;
    }

    @Override
    public boolean entered() {
        return entered;
    }

    @Override
    public void markEntered() {
        calls.add("markEntered()");
        entered = true;
    }

    int securebits;
    boolean seccompSupported = true;
    boolean noNewPrivs;

    @Override
    public int securebits() {
        return securebits;
    }

    @Override
    public int seccompMode() throws SystemCallException {
        if (!seccompSupported) {
            throw new SystemCallException("prctl(PR_GET_SECCOMP)", 22, Native.errnoText(22));
        }
        return 0;
    }

    @Override
    public boolean noNewPrivs() {
        return noNewPrivs;
    }

    byte[] installedProgram;
    /** Where "another thread" moves the working directory once the policy is in, or null. */
    String cwdAfterDrop;

    @Override
    public void noNewPrivsOnEveryThread(byte[] program) throws SystemCallException {
        if (call("noNewPrivsOnEveryThread()")) {
            noNewPrivs = true;
            installedProgram = program;
            if (cwdAfterDrop != null) {
                cwd = cwdAfterDrop;
            }
        }
    }

    /** Descriptor numbers closed and reused for another file after they were listed. */
    final Set<Integer> reused = new TreeSet<>();
    /** The same, but only past the point of no return. */
    final Set<Integer> reusedAfterEntry = new TreeSet<>();
    /** Descriptor numbers another thread closes past the point of no return, before they are neutralised. */
    final Set<Integer> closedAfterEntry = new TreeSet<>();
    /** The number {@link #openDevNull()} returns, or -1 for the next free one. */
    int devNullNumber = -1;
    /** Threads that show root's status once after the drop and then are gone (exiting). */
    final Set<Long> exitingTasks = new TreeSet<>();

    @Override
    public long effectiveCapabilities() {
        return caps;
    }

    @Override
    public Credentials credentials() {
        return creds();
    }

    @Override
    public Passwd getpwnam(String name) throws SystemCallException {
        call("getpwnam_r(\"" + name + "\")");
        return users.get(name);
    }

    @Override
    public long[] getgrouplist(String name, long gid) throws SystemCallException {
        call("getgrouplist(\"" + name + "\", " + gid + ")");
        return groupLists.getOrDefault(name, new long[] {gid});
    }

    @Override
    public List<Fd> listFds() throws SystemCallException {
        call("listFds()");
        List<Fd> out = new ArrayList<>(fds);
        for (Map.Entry<Integer, String> open : openFiles.entrySet()) { // what the model itself opened
            out.add(new Fd(open.getKey(), open.getValue(), FileStat.S_IFDIR | 0755, 0, identity(open.getValue()), 0, null));
        }
        return out;
    }

    @Override
    public List<Mapping> sharedWritableMappings() throws SystemCallException {
        call("sharedWritableMappings()");
        return new ArrayList<>(mappings);
    }

    @Override
    public List<Child> children() throws SystemCallException {
        call("children()");
        return new ArrayList<>(children);
    }

    @Override
    public Terminal terminal() throws SystemCallException {
        call("terminal()");
        return terminal;
    }

    @Override
    public void detachTerminal() throws SystemCallException {
        if (call("ioctl(TIOCNOTTY)")) {
            terminal = new Terminal(0, terminal.sessionLeader());
        }
    }

    /** Signals "sent" to the process while they are held; delivered on release. */
    final List<String> heldSignals = new ArrayList<>();
    /** Set while the fake holds shutdown signals. */
    boolean holding;

    @Override
    public HeldSignals holdShutdownSignals(boolean dropHangup) {
        calls.add("holdSignals()");
        holding = true;
        return new HeldSignals() {
            @Override
            public void release() {
                calls.add("releaseSignals(" + heldSignals + ")");
                holding = false;
            }

            @Override
            public List<String> names() {
                return List.of("SIGTERM", "SIGINT", "SIGHUP");
            }

            @Override
            public boolean hangupSafe() {
                return hangupSafe;
            }
        };
    }

    @Override
    public FileId identify(int fd) throws SystemCallException {
        call("identify(" + fd + ")");
        String path = openFiles.get(fd);
        if (path != null) {
            return identity(path);
        }
        for (Fd f : fds) {
            if (f.fd() == fd && entered && closedAfterEntry.contains(fd)) {
                break;
            }
            if (f.fd() == fd) {
                boolean other = reused.contains(fd) || (entered && reusedAfterEntry.contains(fd));
                return other ? identity("/reused#" + fd) : f.id();
            }
        }
        throw new SystemCallException("statx(" + fd + ")", 9, Native.errnoText(9));
    }

    @Override
    public FileId identify(String path) throws SystemCallException {
        call("identify(\"" + path + "\")");
        return identity(path.equals("/") ? root : cwd);
    }

    @Override
    public boolean underRoot(int fd, FileId rootId) {
        calls.add("underRoot(" + fd + ")");
        return lateInsideDirectories.contains(fd) && identity(root).equals(rootId);
    }

    @Override
    public int processesWithUid(long uid) {
        return processesByUid.getOrDefault(uid, 0);
    }

    @Override
    public int openRoot() throws SystemCallException {
        call("open(\"/\")");
        int fd = nextFd++;
        openFiles.put(fd, "/");
        return fd;
    }

    @Override
    public int openDirectoryAt(int dirFd, String name) throws SystemCallException {
        call("openat(" + dirFd + ", \"" + name + "\")");
        String base = openFiles.get(dirFd);
        if (base == null) {
            throw new SystemCallException("openat", 9, Native.errnoText(9));
        }
        String path = base.equals("/") ? "/" + name : base + "/" + name;
        FileStat st = files.get(path);
        if (st == null) {
            throw new SystemCallException("openat", 2, Native.errnoText(2));
        }
        if (st.isSymlink()) {
            throw new SystemCallException("openat", 40, Native.errnoText(40));
        }
        if (!st.isDirectory()) {
            throw new SystemCallException("openat", 20, Native.errnoText(20));
        }
        int fd = nextFd++;
        openFiles.put(fd, path);
        return fd;
    }

    @Override
    public FileStat fstat(int fd) throws SystemCallException {
        call("fstat(" + fd + ")");
        return files.get(openFiles.get(fd));
    }

    @Override
    public FileStat lstatAt(int dirFd, String name) throws SystemCallException {
        String base = openFiles.get(dirFd);
        String path = base.equals("/") ? "/" + name : base + "/" + name;
        FileStat st = files.get(path);
        if (st == null) {
            throw new SystemCallException("statx", 2, Native.errnoText(2));
        }
        return st;
    }

    @Override
    public void close(int fd) {
        calls.add("close(" + fd + ")");
        openFiles.remove(fd);
    }

    @Override
    public List<TaskStatus> watchTasks() throws SystemCallException {
        call("watchTasks()");
        List<TaskStatus> out = new ArrayList<>();
        for (long tid : tids) {
            out.add(new TaskStatus() {
                private String text;

                @Override
                public long tid() {
                    return tid;
                }

                @Override
                public int fd() {
                    return (int) (1000 + tid);
                }

                private int rereadsAfterEntry;

                @Override
                public boolean reread() {
                    if (exitedTasks.contains(tid)) {
                        return false;
                    }
                    if (entered && exitingTasks.contains(tid)) {
                        if (rereadsAfterEntry++ > 0) {
                            return false;
                        }
                        text = statusText().replaceFirst("Uid:\t\\d+", "Uid:\t0");
                        return true;
                    }
                    text = (entered ? taskAfterEntry : taskBeforeEntry).getOrDefault(tid, statusText());
                    return true;
                }

                @Override
                public boolean contains(Needle line) {
                    return text.contains(((TextNeedle) line).text);
                }

                @Override
                public String text() {
                    return text;
                }

                @Override
                public void close() {
                    calls.add("closeTask(" + tid + ")");
                }
            });
        }
        return out;
    }

    /** Threads with a context of their own (unshare(CLONE_FS) or CLONE_FILES), by tid. */
    final Map<Long, String> privateContexts = new HashMap<>();

    @Override
    public String privateContext(long tid) throws SystemCallException {
        call("kcmp(" + tid + ")");
        return privateContexts.get(tid);
    }

    String statusText() {
        StringBuilder g = new StringBuilder();
        for (long id : groups) {
            g.append(id).append(' ');
        }
        String capHex = String.format("%016x", caps);
        return "Name:\tjava\nFDSize:\t64\nUid:\t" + ruid + "\t" + euid + "\t" + suid + "\t" + euid + "\n"
                + "Gid:\t" + rgid + "\t" + egid + "\t" + sgid + "\t" + egid + "\n"
                + "Groups:\t" + g + "\n"
                + "CapInh:\t0000000000000000\nCapPrm:\t" + capHex + "\nCapEff:\t" + capHex + "\n"
                + "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t" + (noNewPrivs ? 1 : 0)
                + "\nSeccomp:\t0\nSeccomp_filters:\t0\n";
    }

    @Override
    public void rehearse(byte[] program) {
        calls.add("rehearse()");
    }

    /** A needle that is just its text. */
    record TextNeedle(String text) implements Needle { }

    @Override
    public Needle needle(String text) {
        return new TextNeedle(text);
    }

    @Override
    public int openDevNull() throws SystemCallException {
        call("open(\"/dev/null\")");
        if (devNullNumber >= 0) {
            openFiles.put(devNullNumber, "/dev/null");
            return devNullNumber;
        }
        return nextFd++;
    }

    @Override
    public void dup2(int from, int to) throws SystemCallException {
        call("dup2(" + from + ", " + to + ")");
    }

    @Override
    public void fchdir(int fd) throws SystemCallException {
        if (call("fchdir(" + fd + ")")) {
            cwd = openFiles.get(fd);
        }
    }

    @Override
    public void chroot(String path) throws SystemCallException {
        if (!privileged(18)) {
            call("chroot(\"" + path + "\")");
            throw new SystemCallException("chroot", 1, Native.errnoText(1));
        }
        if (call("chroot(\"" + path + "\")")) {
            root = path.equals(".") ? cwd : path;
        }
    }

    @Override
    public int warmRounds() {
        calls.add("warmRounds()");
        return 0;
    }

    @Override
    public void prepareChroot(int fd) {
        calls.add("prepareChroot(" + fd + ")");
    }

    @Override
    public void chroot(int fd) throws SystemCallException {
        if (!privileged(18)) {
            call("chroot(fd " + fd + ")");
            throw new SystemCallException("chroot", 1, Native.errnoText(1));
        }
        if (call("chroot(fd " + fd + ")")) {
            root = openFiles.get(fd);
        }
    }

    @Override
    public void chdir(String path) throws SystemCallException {
        if (call("chdir(\"" + path + "\")")) {
            cwd = path.equals("/") ? root : path;
        }
    }

    @Override
    public void prepareEnvironment(java.util.Collection<String> strings) {
        // nothing to prepare in the model
    }

    @Override
    public void setenv(String name, String value) throws SystemCallException {
        if (call("setenv(\"" + name + "\", \"" + value + "\")")) {
            env.put(name, value);
        }
    }

    @Override
    public void unsetenv(String name) throws SystemCallException {
        if (call("unsetenv(\"" + name + "\")")) {
            env.remove(name);
        }
    }

    @Override
    public void clearenv() throws SystemCallException {
        if (call("clearenv()")) {
            env.clear();
        }
    }

    @Override
    public String getenv(String name) {
        return env.get(name);
    }

    /** Descriptors "another thread" opens after the listing, before the point of no return. */
    final List<Fd> openedAfterListing = new ArrayList<>();

    @Override
    public List<Integer> openDescriptors(int limit) throws SystemCallException {
        call("openDescriptors(" + limit + ")");
        List<Integer> out = new ArrayList<>();
        for (Fd f : fds) {
            out.add(f.fd());
        }
        for (Fd f : openedAfterListing) {
            out.add(f.fd());
            fds.add(f);
        }
        openedAfterListing.clear();
        out.addAll(openFiles.keySet());
        return out;
    }

    /** Directory descriptors outside the jail that appear after the point of no return (opened by "another thread"). */
    final List<Integer> lateDirectories = new ArrayList<>();
    /** Directory descriptors inside the jail that appear after the point of no return. */
    final List<Integer> lateInsideDirectories = new ArrayList<>();

    @Override
    public List<Integer> directoryDescriptors(int limit) throws SystemCallException {
        call("directoryDescriptors(" + limit + ")");
        List<Integer> out = new ArrayList<>(lateDirectories);
        out.addAll(lateInsideDirectories);
        return out;
    }

    @Override
    public void setgroups(long[] list) throws SystemCallException {
        if (!privileged(6)) {
            call("setgroups(" + java.util.Arrays.toString(list) + ")");
            throw new SystemCallException("setgroups", 1, Native.errnoText(1));
        }
        if (call("setgroups(" + java.util.Arrays.toString(list) + ")")) {
            groups = new TreeSet<>();
            for (long g : list) {
                groups.add(g);
            }
        }
    }

    @Override
    public void setresgid(long r, long e, long s) throws SystemCallException {
        if (call("setresgid(" + r + ", " + e + ", " + s + ")")) {
            if (!privileged(6)) {
                throw new SystemCallException("setresgid", 1, Native.errnoText(1));
            }
            rgid = r;
            egid = e;
            sgid = s;
        }
    }

    @Override
    public void setresuid(long r, long e, long s) throws SystemCallException {
        if (call("setresuid(" + r + ", " + e + ", " + s + ")")) {
            if (!privileged(7)) {
                throw new SystemCallException("setresuid", 1, Native.errnoText(1));
            }
            boolean hadZero = ruid == 0 || euid == 0 || suid == 0;
            ruid = r;
            euid = e;
            suid = s;
            if (hadZero && r != 0 && e != 0 && s != 0) {
                caps = 0; // capabilities(7): ids leave 0 entirely, without SECBIT_KEEP_CAPS
            }
        }
    }

    @Override
    public int trySetuid(long uid) {
        return tryCall("setuid(" + uid + ")", 7);
    }

    @Override
    public int trySetgid(long gid) {
        return tryCall("setgid(" + gid + ")", 6);
    }

    @Override
    public int trySeteuid(long uid) {
        return tryCall("seteuid(" + uid + ")", 7);
    }

    @Override
    public int trySetgroups(long[] list) {
        return tryCall("setgroups(" + java.util.Arrays.toString(list) + ")", 6);
    }

    @Override
    public void writeStderr(byte[] line) {
        calls.add("write(2)");
        stderr.append(new String(line, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void exit(int status) {
        calls.add("_exit(" + status + ")");
        throw new Halted(status);
    }

    /**
     * Enters {@code plan} on this model, expects a refusal of {@code type}, and checks that it left
     * the model as it was: no irreversible call made, held signals let go.
     */
    <T extends JailException> T refused(Class<T> type, Jail plan) {
        String before = state();
        T e = org.junit.jupiter.api.Assertions.assertThrows(type, () -> plan.enter(this));
        org.junit.jupiter.api.Assertions.assertEquals(before, state(), "a refused entry must leave the process as it was");
        org.junit.jupiter.api.Assertions.assertFalse(holding, "held signals must be let go on a refusal");
        org.junit.jupiter.api.Assertions.assertFalse(calls.stream().anyMatch(c -> c.startsWith("fchdir")
                || c.startsWith("chroot") || c.startsWith("set") || c.startsWith("dup2") || c.startsWith("ioctl")),
                "no irreversible call: " + calls);
        return e;
    }

    /** Enters {@code plan} on this model and expects a halt; returns it. */
    Halted halted(Jail plan) {
        return org.junit.jupiter.api.Assertions.assertThrows(Halted.class, () -> plan.enter(this));
    }

    /** Returns a snapshot of everything the kernel would keep, for "unchanged" comparisons. */
    String state() {
        return creds() + " caps=" + Long.toHexString(caps) + " nnp=" + noNewPrivs + " root=" + root + " cwd=" + cwd + " env=" + env
                + " entered=" + entered + " open=" + openFiles.keySet();
    }
}
