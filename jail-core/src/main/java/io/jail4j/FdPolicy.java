package io.jail4j;

import static io.jail4j.internal.LinuxAbi.S_IFCHR;
import static io.jail4j.internal.LinuxAbi.S_IFIFO;
import static io.jail4j.internal.LinuxAbi.S_IFSOCK;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides the fate of every descriptor found open just before the point of no return, from what
 * the kernel said about it ({@link SystemCalls.Fd}). Nothing is kept by kind alone:
 * <ul>
 *   <li>directories: refused, always (each is a way out of any jail);</li>
 *   <li>standard streams 0-2: kept and reported (a terminal, {@code O_APPEND}, a journald
 *       stream), unless a unix socket rule below refuses them;</li>
 *   <li>unix sockets: refused while data or descriptors wait in them, or when connected to another
 *       process while the caller was root (the peer keeps seeing uid 0), unless kept; a journald
 *       stream on fd 0-2 and sockets whose peer is this JVM are fine; sockets taken with
 *       {@link SocketActivation} count as kept;</li>
 *   <li>kernel objects without a path: kept only from an allow-list (epoll, eventfd, timerfd,
 *       signalfd, inotify), memfds kept; fanotify, io_uring, bpf, perf_event, userfaultfd, pidfd,
 *       namespaces and anything unknown refused unless kept;</li>
 *   <li>harmless devices ({@code /dev/null}, {@code zero}, {@code random}, {@code urandom}, told
 *       by device number) and read-only runtime image and class-path jars: kept;</li>
 *   <li>files inside the jail: kept;</li>
 *   <li>other files: kept by {@link Jail#keep}, else neutralised by {@link Jail#closeFds()}; a
 *       writable one (under {@code java.home} too) needs {@link Jail#insecureKeepWritable}.</li>
 * </ul>
 */
final class FdPolicy {
    /** Anonymous inodes that lead nowhere: event and timer plumbing of the JVM and NIO. */
    private static final Set<String> HARMLESS_ANON = Set.of("anon_inode:[eventpoll]", "anon_inode:[eventfd]",
            "anon_inode:[timerfd]", "anon_inode:[signalfd]", "anon_inode:inotify");
    /** makedev of /dev/null (1:3), /dev/zero (1:5), /dev/random (1:8), /dev/urandom (1:9). */
    private static final Set<Long> HARMLESS_DEVICES = Set.of(259L, 261L, 264L, 265L);
    static final String JOURNALD_STREAM = "/run/systemd/journal/stdout";

    private FdPolicy() {
    }

    /** What the judgement needs to know about the process besides its descriptors. */
    record Context(Plan plan, String javaHome, List<String> classPath, long selfPid, boolean wasRoot) { }

    static List<OpenDescriptor> judge(List<SystemCalls.Fd> found, Context ctx, List<String> warnings)
            throws OpenDescriptorException {
        List<Plan.Keep> keeps = resolve(ctx.plan().keeps());
        String home = realPath(ctx.javaHome()) + "/";
        Set<String> jars = new HashSet<>();
        for (String entry : ctx.classPath()) {
            if (!entry.isEmpty()) {
                jars.add(realPath(entry));
            }
        }
        List<OpenDescriptor> out = new ArrayList<>(found.size());
        List<OpenDescriptor> refused = new ArrayList<>();
        for (SystemCalls.Fd fd : found) {
            OpenDescriptor judged = judge(fd, ctx, keeps, home, jars, warnings);
            out.add(judged);
            if (judged.action() == OpenDescriptor.Action.REFUSED) {
                refused.add(judged);
            }
        }
        if (!refused.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (OpenDescriptor d : refused) {
                list.append(list.length() == 0 ? "" : "; ").append("fd ").append(d.fd()).append(" -> ")
                        .append(d.target()).append(d.detail().isEmpty() ? "" : " [" + d.detail() + "]")
                        .append(" (").append(d.reason()).append(')');
            }
            throw new OpenDescriptorException(refused, "enter(): descriptor(s) that would leave a way out of the jail: "
                    + list + "; close them before enter()");
        }
        return out;
    }

    private static OpenDescriptor judge(SystemCalls.Fd fd, Context ctx, List<Plan.Keep> keeps, String home, Set<String> jars,
                                        List<String> warnings) {
        String target = fd.target();
        Plan.Keep keep = keeps.stream().filter(k -> k.matches(fd.fd(), target) || connectsTo(fd, k)).findFirst()
                .orElse(null);
        if (fd.type() == SystemCalls.FileStat.S_IFDIR) {
            return found(fd, OpenDescriptor.Kind.DIRECTORY, "").judged(OpenDescriptor.Action.REFUSED,
                    "an open directory is a way out of any jail, even unprivileged; no option keeps it");
        }
        if (fd.type() == S_IFSOCK || target.startsWith("socket:")) {
            return socket(fd, ctx, keep);
        }
        if (fd.fd() <= 2) {
            return found(fd, OpenDescriptor.Kind.STANDARD, standardDetail(fd)).judged(OpenDescriptor.Action.KEPT,
                    "standard stream");
        }
        if (fd.type() == S_IFIFO || target.startsWith("pipe:")) {
            return found(fd, OpenDescriptor.Kind.PIPE, "").judged(OpenDescriptor.Action.KEPT, "");
        }
        if (target.startsWith("/memfd:")) {
            return found(fd, OpenDescriptor.Kind.MEMORY, "").judged(OpenDescriptor.Action.KEPT,
                    "anonymous memory, no path to the host");
        }
        if (!target.startsWith("/")) {
            return kernelObject(fd, keep);
        }
        if (fd.type() == S_IFCHR && HARMLESS_DEVICES.contains(fd.rdev())) {
            return found(fd, OpenDescriptor.Kind.JVM, "").judged(OpenDescriptor.Action.KEPT, "harmless device");
        }
        if (!fd.writable() && (target.startsWith(home) || jars.contains(target))) {
            return found(fd, OpenDescriptor.Kind.JVM, "").judged(OpenDescriptor.Action.KEPT, "the JVM's own, read-only");
        }
        OpenDescriptor d = found(fd, OpenDescriptor.Kind.FILE, "");
        if (target.startsWith(ctx.plan().dir() + "/")) {
            return d.judged(OpenDescriptor.Action.KEPT, "inside the jail");
        }
        if (keep != null) {
            if (d.writable() && !keep.insecure()) {
                return d.judged(OpenDescriptor.Action.REFUSED, "writable host file kept with keep(); keeping it open for"
                        + " writing needs insecureKeepWritable(" + target + ", why)");
            }
            if (keep.insecure()) {
                warnings.add("INSECURE: fd " + fd.fd() + " stays open for writing on the host file " + target
                        + " (" + keep.why() + "); the jailed process can write it");
            }
            return d.judged(OpenDescriptor.Action.KEPT, "kept: " + keep.why());
        }
        if (ctx.plan().closesFds()) {
            if (d.writable()) {
                warnings.add("fd " + fd.fd() + " was open for writing on the host file " + target + ": closeFds() points it"
                        + " at /dev/null, so everything written to it after enter() is lost (a log file? log into a"
                        + " directory inside the jail, see the docs on logging)");
                return d.judged(OpenDescriptor.Action.NEUTRALISED, "writable host file outside the jail: writes now go"
                        + " to /dev/null and are lost");
            }
            return d.judged(OpenDescriptor.Action.NEUTRALISED, "host file outside the jail: reads now see /dev/null"
                    + " (end of file)");
        }
        if (d.writable()) {
            return d.judged(OpenDescriptor.Action.REFUSED, "writable host file outside the jail; closeFds() would point"
                    + " it at /dev/null and lose what is written to it (a log file? log into the jail), or keep it with"
                    + " insecureKeepWritable(" + target + ", why)");
        }
        warnings.add("fd " + fd.fd() + " stays open for reading on the host file " + target
                + "; closeFds() would point it at /dev/null");
        return d.judged(OpenDescriptor.Action.KEPT, "read-only host file");
    }

    /** Returns whether {@code fd} is a unix socket bound or connected to the kept path. */
    private static boolean connectsTo(SystemCalls.Fd fd, Plan.Keep keep) {
        if (fd.unix() == null || keep.file() == null) {
            return false;
        }
        String path = keep.file().toString();
        return path.equals(fd.unix().peerName()) || path.equals(fd.unix().localName());
    }

    private static OpenDescriptor found(SystemCalls.Fd fd, OpenDescriptor.Kind kind, String detail) {
        return OpenDescriptor.found(fd.fd(), fd.target(), kind, fd.writable(), detail);
    }

    private static String standardDetail(SystemCalls.Fd fd) {
        List<String> parts = new ArrayList<>();
        if (fd.type() == S_IFCHR && isTerminal(fd.rdev())) {
            parts.add("terminal");
        }
        if (fd.writable()) {
            parts.add((fd.flags() & SystemCalls.Fd.O_APPEND) != 0 ? "writable, O_APPEND" : "writable, not O_APPEND");
        }
        return String.join(", ", parts);
    }

    /** Returns whether a device number is a terminal: a pty (136-143), a virtual console (4) or tty (5). */
    static boolean isTerminal(long rdev) {
        long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
        return major == 4 || major == 5 || (major >= 136 && major <= 143);
    }

    private static OpenDescriptor kernelObject(SystemCalls.Fd fd, Plan.Keep keep) {
        OpenDescriptor d = found(fd, OpenDescriptor.Kind.ANON_INODE, "");
        if (HARMLESS_ANON.contains(fd.target())) {
            return d.judged(OpenDescriptor.Action.KEPT, "");
        }
        if (keep != null) {
            return d.judged(OpenDescriptor.Action.KEPT, "kept: " + keep.why());
        }
        String why = fd.target().contains("fanotify")
                ? "fanotify hands its reader descriptors the kernel opens without permission checks (host directories, root-only files)"
                : fd.target().contains("io_uring") ? "io_uring runs operations the syscall policy never sees"
                : "a kernel object that is not on the allow-list (eventpoll, eventfd, timerfd, signalfd, inotify)";
        return d.judged(OpenDescriptor.Action.REFUSED, why + "; close it before enter(), or keep(" + fd.fd() + ", why)");
    }

    private static OpenDescriptor socket(SystemCalls.Fd fd, Context ctx, Plan.Keep keep) {
        SystemCalls.UnixSocket unix = fd.unix();
        OpenDescriptor.Kind kind = fd.fd() <= 2 ? OpenDescriptor.Kind.STANDARD : OpenDescriptor.Kind.SOCKET;
        String handedOver = SocketActivation.taken(fd.fd(), fd.target());
        if (keep == null && handedOver != null) {
            keep = new Plan.Keep(fd.fd(), null, handedOver, false); // taken by SocketActivation: kept like keep(fd, why)
        }
        if (unix == null) {
            return found(fd, kind, "").judged(OpenDescriptor.Action.KEPT, keep != null ? "kept: " + keep.why() : "");
        }
        StringBuilder detail = new StringBuilder(unix.listening() ? "unix, listening" : "unix");
        if (!unix.localName().isEmpty()) {
            detail.append(", address ").append(unix.localName());
        }
        if (!unix.peerName().isEmpty()) {
            detail.append(", peer ").append(unix.peerName());
        }
        if (unix.peerPid() > 0) {
            detail.append(unix.peerPid() == ctx.selfPid() ? ", peer pid " + unix.peerPid() + " (this JVM)"
                    : ", peer pid " + unix.peerPid() + " uid " + unix.peerUid() + " gid " + unix.peerGid());
        }
        OpenDescriptor d = found(fd, kind, detail.toString());
        String keepHint = "; close it before enter(), or keep(" + fd.fd() + ", why)";
        if (unix.queued()) {
            return keep != null ? d.judged(OpenDescriptor.Action.KEPT, "kept: " + keep.why())
                    : d.judged(OpenDescriptor.Action.REFUSED, "data or descriptors wait in it (a descriptor in flight"
                    + " can be a host directory)" + keepHint);
        }
        boolean otherProcess = unix.peerPid() > 0 && unix.peerPid() != ctx.selfPid();
        if (fd.fd() <= 2 && otherProcess && unix.peerName().equals(JOURNALD_STREAM)) {
            return d.judged(OpenDescriptor.Action.KEPT, "journald stream");
        }
        if (otherProcess && ctx.wasRoot()) {
            return keep != null ? d.judged(OpenDescriptor.Action.KEPT, "kept: " + keep.why())
                    : d.judged(OpenDescriptor.Action.REFUSED, "connected to process " + unix.peerPid() + " while root:"
                    + " the peer keeps seeing uid 0 (SO_PEERCRED) after the drop" + keepHint);
        }
        return d.judged(OpenDescriptor.Action.KEPT, keep != null ? "kept: " + keep.why() : "");
    }

    /** Replaces each kept file by its real path, as {@code /proc/self/fd} shows targets. */
    private static List<Plan.Keep> resolve(java.util.Collection<Plan.Keep> keeps) {
        List<Plan.Keep> out = new ArrayList<>(keeps.size());
        for (Plan.Keep k : keeps) {
            Path file = k.file();
            if (file != null) {
                try {
                    file = file.toRealPath();
                } catch (IOException | SecurityException e) {
                    // not resolvable: compare as given
                }
            }
            out.add(new Plan.Keep(k.fd(), file, k.why(), k.insecure()));
        }
        return out;
    }

    /**
     * Returns the path with every symbolic link resolved, or as given when it cannot be resolved
     * (a class path entry that does not exist): it is only compared with descriptor targets, and
     * an unresolved path matches nothing it should not.
     */
    private static String realPath(String path) {
        try {
            return java.nio.file.Path.of(path).toRealPath().toString();
        } catch (java.io.IOException | RuntimeException e) {
            return path;
        }
    }
}
