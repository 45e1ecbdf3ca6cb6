package io.jail4j;

import static io.jail4j.internal.LinuxAbi.KCMP_FILES;
import static io.jail4j.internal.LinuxAbi.KCMP_FS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.jail4j.internal.LinuxAbi;
import io.jail4j.libc.LibC;
import jnr.constants.platform.Errno;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The process's threads: their status files held open for the proof (read with {@code pread}
 * and searched with {@code memmem} in native memory), and {@code kcmp} to tell whether a thread
 * shares the root and the descriptor table.
 */
final class NativeTasks extends NativePart {
    private static final int ENOENT = LinuxAbi.of(Errno.ENOENT);
    private static final int ESRCH = LinuxAbi.of(Errno.ESRCH);
    private static final int ENOSYS = LinuxAbi.of(Errno.ENOSYS);

    private final LinuxAbi abi;

    NativeTasks(LibC libc, LinuxAbi abi) {
        super(libc);
        this.abi = abi;
    }

    List<SystemCalls.TaskStatus> watchTasks() throws JailException {
        List<Long> tids = ProcFs.threads();
        List<SystemCalls.TaskStatus> out = new ArrayList<>(tids.size());
        for (long tid : tids) {
            String path = "/proc/self/task/" + tid + "/status";
            int fd = libc.open(path, NativeFiles.O_RDONLY | NativeFiles.O_CLOEXEC, 0);
            if (fd < 0) {
                int errno = errno();
                if (errno == ENOENT || errno == ESRCH) {
                    continue; // the thread exited after the listing
                }
                out.forEach(SystemCalls.TaskStatus::close);
                throw failure("open(" + q(path) + ", O_RDONLY|O_CLOEXEC)", errno);
            }
            out.add(new TaskFile(tid, fd));
        }
        return out;
    }

    String privateContext(long tid) throws SystemCallException {
        long pid = ProcessHandle.current().pid();
        for (int type : new int[] {KCMP_FS, KCMP_FILES}) {
            long rc = libc.syscall(abi.nrKcmp, pid, tid, type, 0L, 0L, 0L);
            if (rc < 0) {
                int errno = errno();
                if (errno == ESRCH) {
                    return null; // the thread exited
                }
                throw new SystemCallException("kcmp(" + pid + ", " + tid + ", " + (type == KCMP_FS ? "KCMP_FS" : "KCMP_FILES")
                        + ")", errno, errnoText(errno) + (errno == ENOSYS ? "; the kernel lacks CONFIG_CHECKPOINT_RESTORE,"
                        + " and jail4j cannot tell whether every thread shares the root and the descriptor table" : ""));
            }
            if (rc != 0) {
                return type == KCMP_FS ? "its own root and working directory (unshare(CLONE_FS)): the chroot would not"
                        + " reach it" : "its own descriptor table (unshare(CLONE_FILES)): its descriptors are never judged";
            }
        }
        return null;
    }

    /** A needle in native memory, searched with glibc's {@code memmem}. */
    private static final class NativeNeedle implements SystemCalls.Needle {
        final Pointer bytes;
        final int length;

        NativeNeedle(Pointer bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    SystemCalls.Needle needle(String text) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        Pointer p = Memory.allocateDirect(runtime, ascii.length);
        p.put(0, ascii, 0, ascii.length);
        return new NativeNeedle(p, ascii.length);
    }

    /**
     * A thread's status file held as a regular-file descriptor (no escape: {@code openat}
     * relative to it fails with ENOTDIR), re-read with {@code pread} at offset 0 into native
     * memory allocated before the chroot and searched there with {@code memmem}, so the proof
     * costs the same whether or not the JIT has compiled Java's string search yet.
     */
    private final class TaskFile implements SystemCalls.TaskStatus {
        private static final int SIZE = 16384;
        private final long tid;
        private final int fd;
        private final Pointer buffer = Memory.allocateDirect(runtime, SIZE);
        private long length;

        TaskFile(long tid, int fd) {
            this.tid = tid;
            this.fd = fd;
        }

        @Override
        public long tid() {
            return tid;
        }

        @Override
        public int fd() {
            return fd;
        }

        @Override
        public boolean reread() throws SystemCallException {
            long n = libc.pread(fd, buffer, SIZE, 0);
            if (n < 0) {
                int errno = errno();
                if (errno == ESRCH) {
                    return false; // the thread has exited
                }
                throw failure("pread(/proc/self/task/" + tid + "/status)", errno);
            }
            if (n == 0) {
                return false; // a live task's status is never empty: the thread is exiting
            }
            length = n;
            return true;
        }

        @Override
        public boolean contains(SystemCalls.Needle line) {
            NativeNeedle needle = (NativeNeedle) line;
            return libc.memmem(buffer, length, needle.bytes, needle.length) != 0;
        }

        @Override
        public String text() {
            byte[] bytes = new byte[(int) length];
            buffer.get(0, bytes, 0, bytes.length);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            libc.close(fd);
        }
    }
}
