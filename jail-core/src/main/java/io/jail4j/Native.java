package io.jail4j;

import java.util.Collection;
import java.util.List;

import io.jail4j.internal.Glibc;
import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.ffi.Memory;
import jnr.ffi.Platform;

/**
 * The one implementation of {@link SystemCalls}: checked calls through the jnr-ffi binding to
 * glibc ({@link LibC}, loaded once by {@link Glibc}, before any chroot: it needs the host's disk).
 * The work is done by its parts, one per subject: {@link NativeIds} (credentials, users, set*id),
 * {@link NativeFiles} (statx, the jail directory, chroot), {@link NativeDescriptors} and
 * {@link NativeSockets} (open descriptors), {@link NativeSeccomp} (prctl, seccomp),
 * {@link NativeTasks} (threads), {@link NativeEnvironment}, {@link NativeFanotify} (learn mode);
 * {@link ProcFs} reads {@code /proc}. Every result is checked; a failed call becomes a
 * {@link SystemCallException} naming call, arguments and errno. Numbers come from jnr-constants or
 * {@link LinuxAbi}. This class only loads, checks the platform, rehearses and delegates.
 */
final class Native extends NativePart implements SystemCalls {
    /** How often {@link #rehearse} makes each cheap call: past HotSpot's first compile threshold (200 calls). */
    private static final int REHEARSALS = 256;

    private static Native instance;

    private final NativeIds ids;
    private final NativeFiles files;
    private final NativeSockets sockets;
    private final NativeDescriptors descriptors;
    private final NativeSeccomp seccomp;
    private final NativeTasks tasks;
    private final NativeFanotify fanotify;
    private final NativeEnvironment environment;
    private volatile boolean entered;

    private Native(LibC libc, LinuxAbi abi) {
        super(libc);
        this.ids = new NativeIds(libc, abi);
        this.files = new NativeFiles(libc);
        this.sockets = new NativeSockets(libc);
        this.descriptors = new NativeDescriptors(libc, sockets);
        this.seccomp = new NativeSeccomp(libc, abi);
        this.tasks = new NativeTasks(libc, abi);
        this.fanotify = new NativeFanotify(libc);
        this.environment = new NativeEnvironment(libc);
    }

    /**
     * Returns the binding, loading it on first use. Loading needs the host's disk (jffi extracts
     * its stub library to a temporary file), so the first call must come before any chroot; a
     * failed load is reported, never retried silently.
     */
    static synchronized Native get() throws JailException {
        if (instance == null) {
            instance = load();
        }
        return instance;
    }

    private static Native load() throws JailException {
        Platform platform = Platform.getNativePlatform();
        if (platform.getOS() != Platform.OS.LINUX) {
            throw new JailException("jail4j supports Linux only, not " + platform.getOS());
        }
        LinuxAbi abi;
        try {
            abi = LinuxAbi.current();
        } catch (UnsupportedOperationException e) {
            throw new JailException(e.getMessage(), e);
        }
        LibC libc;
        try {
            libc = Glibc.libc();
        } catch (LinkageError | RuntimeException e) {
            throw new JailException("cannot load the native binding to libc through jnr-ffi"
                    + " (it must be loaded before any chroot): " + e, e);
        }
        Native n;
        try {
            n = new Native(libc, abi);
        } catch (UnsupportedOperationException e) { // a constant jnr-constants does not define here
            throw new JailException(e.getMessage(), e);
        }
        n.warmUp();
        return n;
    }

    /** Exercises the paths that load classes lazily, so that they work after the chroot; checks the kernel. */
    private void warmUp() throws JailException {
        files.requireMountIds();
        credentials();
        errnoText(1);
        libc.write(2, new byte[0], 0);
        Memory.allocateDirect(runtime, 16).putInt(0, 0);
    }

    static String errnoText(int errno) {
        return NativePart.errnoText(errno);
    }

    @Override
    public boolean entered() {
        return entered;
    }

    @Override
    public void markEntered() {
        entered = true;
    }

    // ---- identity -------------------------------------------------------------------------------

    @Override
    public long effectiveCapabilities() throws ProcFileException {
        return ProcFs.effectiveCapabilities();
    }

    @Override
    public Credentials credentials() throws SystemCallException {
        return ids.credentials();
    }

    @Override
    public int securebits() throws SystemCallException {
        return seccomp.securebits();
    }

    @Override
    public int seccompMode() throws SystemCallException {
        return seccomp.seccompMode();
    }

    @Override
    public boolean noNewPrivs() throws SystemCallException {
        return seccomp.noNewPrivs();
    }

    @Override
    public void noNewPrivsOnEveryThread(byte[] program) throws JailException {
        seccomp.install(program);
    }

    @Override
    public Passwd getpwnam(String name) throws SystemCallException {
        return ids.getpwnam(name);
    }

    @Override
    public long[] getgrouplist(String name, long gid) throws UnknownUserException {
        return ids.getgrouplist(name, gid);
    }

    // ---- descriptors and processes ---------------------------------------------------------------

    @Override
    public List<Fd> listFds() throws JailException {
        return descriptors.listFds();
    }

    /** See {@link NativeSockets#socketFacts}. */
    NativeSockets.SocketFacts socketFacts(int fd) throws SystemCallException {
        return sockets.socketFacts(fd);
    }

    /** Returns whether FD_CLOEXEC is set on {@code fd}. */
    boolean closeOnExec(int fd) throws SystemCallException {
        return descriptors.closeOnExec(fd);
    }

    /** Sets FD_CLOEXEC on {@code fd}, keeping its other descriptor flags. */
    void setCloseOnExec(int fd) throws SystemCallException {
        descriptors.setCloseOnExec(fd);
    }

    /** Returns every open descriptor whose {@code /proc/self/fd} link is {@code target}, in order. */
    List<Integer> descriptorsNaming(String target) throws ProcFileException {
        return descriptors.descriptorsNaming(target);
    }

    @Override
    public List<Mapping> sharedWritableMappings() throws ProcFileException {
        return ProcFs.sharedWritableMappings();
    }

    @Override
    public List<Child> children() throws ProcFileException {
        return ProcFs.children();
    }

    @Override
    public Terminal terminal() throws ProcFileException {
        return ProcFs.terminal();
    }

    @Override
    public void detachTerminal() throws JailException {
        descriptors.detachTerminal();
    }

    @Override
    public HeldSignals holdShutdownSignals(boolean dropHangup) {
        return SignalHold.start(dropHangup);
    }

    @Override
    public FileId identify(int fd) throws SystemCallException {
        return files.identify(fd);
    }

    @Override
    public FileId identify(String path) throws SystemCallException {
        return files.identify(path);
    }

    @Override
    public boolean underRoot(int fd, FileId root) {
        return files.underRoot(fd, root);
    }

    @Override
    public int processesWithUid(long uid) {
        return ProcFs.processesWithUid(uid);
    }

    // ---- the jail directory -------------------------------------------------------------------

    @Override
    public int openRoot() throws SystemCallException {
        return files.openRoot();
    }

    @Override
    public int openDirectoryAt(int dirFd, String name) throws SystemCallException {
        return files.openDirectoryAt(dirFd, name);
    }

    @Override
    public FileStat fstat(int fd) throws SystemCallException {
        return files.fstat(fd);
    }

    @Override
    public FileStat lstatAt(int dirFd, String name) throws SystemCallException {
        return files.lstatAt(dirFd, name);
    }

    @Override
    public void close(int fd) {
        libc.close(fd);
    }

    // ---- threads ----------------------------------------------------------------------------------

    @Override
    public List<TaskStatus> watchTasks() throws JailException {
        return tasks.watchTasks();
    }

    @Override
    public String privateContext(long tid) throws SystemCallException {
        return tasks.privateContext(tid);
    }

    @Override
    public Needle needle(String text) {
        return tasks.needle(text);
    }

    // ---- the irreversible calls --------------------------------------------------------------------

    @Override
    public void rehearse(byte[] program) {
        seccomp.prepare(program);
        ids.rehearseDrop(); // glibc broadcasts these to every thread: once each
        // the rest is cheap: often enough that the JIT compiles the stubs (interpreted, a call
        // costs microseconds inside the window)
        for (int i = 0; i < REHEARSALS; i++) {
            files.rehearse();
            descriptors.rehearse();
            environment.rehearse(files.emptyPath);
            libc.syscall(-1, 0, 0, 0);                        // ENOSYS: no system call -1
            ids.rehearseProbe();
            seccomp.rehearse();
            errno();
        }
    }

    @Override
    public int warmRounds() {
        return REHEARSALS;
    }

    @Override
    public int openDevNull() throws SystemCallException {
        return descriptors.openDevNull();
    }

    @Override
    public void dup2(int from, int to) throws SystemCallException {
        descriptors.dup2(from, to);
    }

    @Override
    public void fchdir(int fd) throws SystemCallException {
        files.fchdir(fd);
    }

    @Override
    public void chroot(String path) throws SystemCallException {
        files.chroot(path);
    }

    @Override
    public void prepareChroot(int fd) {
        files.prepareChroot(fd);
    }

    @Override
    public void chroot(int fd) throws SystemCallException {
        files.chroot(fd);
    }

    @Override
    public void chdir(String path) throws SystemCallException {
        files.chdir(path);
    }

    @Override
    public void prepareEnvironment(Collection<String> strings) {
        environment.prepare(strings);
    }

    @Override
    public void setenv(String name, String value) throws SystemCallException {
        environment.setenv(name, value);
    }

    @Override
    public void unsetenv(String name) throws SystemCallException {
        environment.unsetenv(name);
    }

    @Override
    public void clearenv() throws SystemCallException {
        environment.clearenv();
    }

    @Override
    public String getenv(String name) {
        return environment.getenv(name);
    }

    @Override
    public void setgroups(long[] groups) throws SystemCallException {
        ids.setgroups(groups);
    }

    @Override
    public void setresgid(long rgid, long egid, long sgid) throws SystemCallException {
        ids.setresgid(rgid, egid, sgid);
    }

    @Override
    public void setresuid(long ruid, long euid, long suid) throws SystemCallException {
        ids.setresuid(ruid, euid, suid);
    }

    @Override
    public int trySetuid(long uid) {
        return ids.trySetuid(uid);
    }

    @Override
    public int trySetgid(long gid) {
        return ids.trySetgid(gid);
    }

    @Override
    public int trySeteuid(long uid) {
        return ids.trySeteuid(uid);
    }

    @Override
    public int trySetgroups(long[] groups) {
        return ids.trySetgroups(groups);
    }

    @Override
    public List<Integer> openDescriptors(int limit) {
        return descriptors.openDescriptors(limit);
    }

    @Override
    public List<Integer> directoryDescriptors(int limit) throws SystemCallException {
        return descriptors.directoryDescriptors(limit);
    }

    @Override
    public void writeStderr(byte[] line) {
        libc.write(2, line, line.length);
    }

    @Override
    public void exit(int status) {
        libc._exit(status);
    }

    // ---- learn mode ---------------------------------------------------------------------------------

    @Override
    public int fanotifyInit(int flags, int eventFlags) throws SystemCallException {
        return fanotify.fanotifyInit(flags, eventFlags);
    }

    @Override
    public void fanotifyMark(int group, int flags, long mask, String path) throws SystemCallException {
        fanotify.fanotifyMark(group, flags, mask, path);
    }

    @Override
    public int read(int fd, byte[] buffer) throws SystemCallException {
        return fanotify.read(fd, buffer);
    }
}
