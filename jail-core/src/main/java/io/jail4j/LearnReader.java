package io.jail4j;

import io.jail4j.internal.LinuxAbi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads learn mode's fanotify group: each event's descriptor is turned into its path and closed
 * at once, never handed on; events of other processes are counted and dropped unread.
 */
final class LearnReader {
    private static final int METADATA_VERSION = io.jail4j.internal.LinuxAbi.FANOTIFY_METADATA_VERSION;

    /** Where the events go. */
    interface Sink {
        /** The kernel's queue overflowed: events were lost. */
        void overflow();

        /** An event of another process, or too late, dropped unread. */
        void foreign();

        /** This process opened, read, wrote or executed {@code path}, as {@code mask} says. */
        void opened(String path, long mask);
    }

    private LearnReader() {
    }

    /** Reads events until reading fails; returns only by throwing. */
    static void read(SystemCalls os, int group, long pid, Sink sink) throws SystemCallException {
        byte[] buf = new byte[64 * 1024];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        while (true) {
            int n = os.read(group, buf);
            for (int off = 0; off + 24 <= n; ) {
                int len = view.getInt(off);
                int version = buf[off + 4];
                long mask = view.getLong(off + 8);
                int fd = view.getInt(off + 16);
                int eventPid = view.getInt(off + 20);
                if (version != METADATA_VERSION || len < 24) {
                    if (fd >= 0) {
                        os.close(fd);
                    }
                    throw new IllegalStateException("fanotify metadata version " + version + ", length " + len
                            + " (expected version " + METADATA_VERSION + ")");
                }
                off += len;
                if ((mask & LinuxAbi.FAN_Q_OVERFLOW) != 0) {
                    sink.overflow();
                }
                if (fd < 0) {
                    continue;
                }
                if (eventPid != pid) {
                    os.close(fd); // another process's file, or too late: never looked at
                    sink.foreign();
                    continue;
                }
                String path;
                try {
                    path = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                } catch (IOException e) {
                    path = null;
                } finally {
                    os.close(fd); // a descriptor to a host file: closed at once, never handed on
                }
                if (path != null) {
                    sink.opened(path, mask);
                }
            }
        }
    }
}
