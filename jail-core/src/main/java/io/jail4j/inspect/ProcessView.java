package io.jail4j.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a live process read from outside through {@code /proc/PID}: every thread's ids,
 * groups and capabilities, the root and working directories, and every open descriptor. Use it
 * (as root) to check what a jailed process really holds, not what it says about itself:
 * {@link JailVerdict} judges it.
 *
 * <p>The snapshot is not atomic: threads and descriptors that appear or vanish while it is read
 * may be missing. Threads and descriptors that vanish between listing and reading are skipped.
 */
public final class ProcessView {
    private final long pid;
    private final List<TaskView> tasks;
    private final Path root;
    private final Path cwd;
    private final List<FdView> fds;

    ProcessView(long pid, List<TaskView> tasks, Path root, Path cwd, List<FdView> fds) {
        this.pid = pid;
        this.tasks = List.copyOf(tasks);
        this.root = Objects.requireNonNull(root, "root");
        this.cwd = Objects.requireNonNull(cwd, "cwd");
        this.fds = List.copyOf(fds);
    }

    /**
     * Reads the process {@code pid} from {@code /proc}. Reading another user's process needs
     * root (or {@code CAP_SYS_PTRACE}).
     *
     * @param pid the process id, greater than zero
     * @return the snapshot: threads, root and working directories and descriptors as read
     * @throws IllegalArgumentException if {@code pid} is not positive
     * @throws NoSuchFileException      if there is no such process, or it exited while read
     * @throws IOException              if {@code /proc} cannot be read, with a message naming the
     *                                  file and the reason
     */
    public static ProcessView of(long pid) throws IOException {
        if (pid <= 0) {
            throw new IllegalArgumentException("ProcessView.of: pid " + pid + " is not a process id (expected > 0)");
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            throw new NoSuchFileException(proc.toString(), null, "no process with pid " + pid);
        }
        List<TaskView> tasks = readTasks(pid, proc);
        Path root = readLink(pid, proc.resolve("root"));
        Path cwd = readLink(pid, proc.resolve("cwd"));
        List<FdView> fds = readFds(pid, proc);
        return new ProcessView(pid, tasks, root, cwd, fds);
    }

    private static List<TaskView> readTasks(long pid, Path proc) throws IOException {
        List<TaskView> tasks = new ArrayList<>();
        for (String tid : list(pid, proc.resolve("task"))) {
            Path status = proc.resolve("task").resolve(tid).resolve("status");
            String text;
            try {
                text = Files.readString(status, StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                if (!Files.exists(status) || String.valueOf(e.getMessage()).contains("No such process")) {
                    continue; // the thread exited after the listing
                }
                throw failure(pid, status, e);
            }
            try {
                tasks.add(TaskView.parse(Long.parseLong(tid), text));
            } catch (IllegalArgumentException e) {
                throw new IOException("ProcessView.of(" + pid + "): cannot parse " + status + ": " + e.getMessage(), e);
            }
        }
        if (tasks.isEmpty()) {
            throw new NoSuchFileException(proc.toString(), null, "process " + pid + " exited while it was read");
        }
        tasks.sort(Comparator.comparingLong(TaskView::tid));
        return tasks;
    }

    private static List<FdView> readFds(long pid, Path proc) throws IOException {
        List<FdView> fds = new ArrayList<>();
        for (String name : list(pid, proc.resolve("fd"))) {
            Path link = proc.resolve("fd").resolve(name);
            try {
                String target = Files.readSymbolicLink(link).toString();
                BasicFileAttributes attrs = Files.readAttributes(link, BasicFileAttributes.class);
                int flags = flags(Files.readString(proc.resolve("fdinfo").resolve(name), StandardCharsets.ISO_8859_1));
                fds.add(new FdView(Integer.parseInt(name), target, attrs.isDirectory(), attrs.isRegularFile(), flags));
            } catch (NoSuchFileException e) {
                if (!Files.isDirectory(proc)) {
                    throw new NoSuchFileException(proc.toString(), null, "process " + pid + " exited while it was read");
                }
                // the descriptor was closed after the listing (for the own process: the listing's own)
            } catch (IOException e) {
                throw failure(pid, link, e);
            }
        }
        fds.sort(Comparator.comparingInt(FdView::fd));
        return fds;
    }

    private static int flags(String fdinfo) throws IOException {
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("flags:")) {
                return Integer.parseUnsignedInt(line.substring(6).trim(), 8);
            }
        }
        throw new IOException("no \"flags:\" line in fdinfo: " + fdinfo);
    }

    private static List<String> list(long pid, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(dir.toString(), null, "process " + pid + " exited while it was read");
        } catch (IOException e) {
            throw failure(pid, dir, e);
        }
        return names;
    }

    private static Path readLink(long pid, Path link) throws IOException {
        try {
            return Files.readSymbolicLink(link);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(link.toString(), null, "process " + pid + " exited while it was read");
        } catch (IOException e) {
            throw failure(pid, link, e);
        }
    }

    private static IOException failure(long pid, Path path, IOException e) {
        String reason = e instanceof AccessDeniedException
                ? "permission denied (reading another user's process needs root or CAP_SYS_PTRACE)"
                : e.toString();
        return new IOException("ProcessView.of(" + pid + "): cannot read " + path + ": " + reason, e);
    }

    /**
     * Returns the process id.
     *
     * @return the process id given to {@link #of(long)}
     */
    public long pid() {
        return pid;
    }

    /**
     * Returns every thread read, sorted by thread id; the main thread's id is the pid.
     *
     * @return an unmodifiable list of the threads; threads that exited while read are missing
     */
    public List<TaskView> tasks() {
        return tasks;
    }

    /**
     * Returns the process's root directory as a host path ({@code readlink /proc/PID/root}).
     *
     * @return the root directory; {@code /} for a process that is not jailed
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the working directory as a host path ({@code readlink /proc/PID/cwd}).
     *
     * @return the working directory, a host path
     */
    public Path cwd() {
        return cwd;
    }

    /**
     * Returns every open descriptor read, sorted by number.
     *
     * @return an unmodifiable list of the descriptors; those closed while read are missing
     */
    public List<FdView> fds() {
        return fds;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProcessView)) {
            return false;
        }
        ProcessView v = (ProcessView) o;
        return pid == v.pid && tasks.equals(v.tasks) && root.equals(v.root) && cwd.equals(v.cwd) && fds.equals(v.fds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pid, tasks, root, cwd, fds);
    }

    /** Returns a multi-line description: pid, root, cwd, one line per task and per descriptor. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("process ").append(pid).append(": root ").append(root)
                .append(", cwd ").append(cwd).append(", ").append(tasks.size()).append(" task(s), ")
                .append(fds.size()).append(" fd(s)\n");
        for (TaskView t : tasks) {
            s.append("  ").append(t).append('\n');
        }
        for (FdView f : fds) {
            s.append("  ").append(f).append('\n');
        }
        return s.toString();
    }
}
