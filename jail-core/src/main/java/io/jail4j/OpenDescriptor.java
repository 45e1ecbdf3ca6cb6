package io.jail4j;

import java.util.Locale;

/**
 * One open file descriptor of the process as {@code enter()} found it before the chroot, with
 * what it points to and what {@code enter()} did with it.
 *
 * <p>Serializable, so that an {@link OpenDescriptorException} keeps its descriptors when it is
 * sent to another JVM; the serialized form is the record's components.
 *
 * @serial exclude
 * @param fd       the descriptor number
 * @param target   the {@code /proc/self/fd} link target, such as
 *                 {@code /usr/lib/jvm/.../modules}, {@code socket:[1234]} or
 *                 {@code anon_inode:[eventpoll]}
 * @param kind     what the descriptor is
 * @param writable whether it is open for writing ({@code O_WRONLY} or {@code O_RDWR})
 * @param action   what {@code enter()} did with it
 * @param reason   why, in a few words (empty when obvious)
 * @param detail   what else was read about it: for a unix socket its address, its peer's address
 *                 and the peer's pid, uid and gid; for a standard stream whether it is a terminal
 *                 or opened with {@code O_APPEND}; empty when there is nothing to add
 */
public record OpenDescriptor(int fd, String target, Kind kind, boolean writable, Action action, String reason,
                             String detail) implements java.io.Serializable {

    /** What a descriptor points to. */
    public enum Kind {
        /** Descriptors 0, 1 and 2. */
        STANDARD,
        /** A directory: an escape route after the drop. */
        DIRECTORY,
        /** A file the JVM itself holds: the runtime image, class-path jars, random devices. */
        JVM,
        /** A socket, such as a listening port bound before the drop. */
        SOCKET,
        /** A pipe or FIFO. */
        PIPE,
        /** A kernel object without a path: epoll, eventfd, signalfd, timerfd, inotify (kept);
         *  fanotify, io_uring, bpf, perf_event, userfaultfd, pidfd, namespaces (refused unless kept). */
        ANON_INODE,
        /** Anonymous memory with a descriptor: a memfd, such as ZGC's {@code java_heap}. */
        MEMORY,
        /** Any other file or device. */
        FILE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What {@code enter()} did with a descriptor. */
    public enum Action {
        /** Left open as it was. */
        KEPT,
        /** Pointed at {@code /dev/null} with {@code dup2}, keeping its number taken
         *  ({@link Jail#closeFds()}). */
        NEUTRALISED,
        /** Made {@code enter()} refuse. */
        REFUSED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Creates a descriptor found open, not yet judged. */
    static OpenDescriptor found(int fd, String target, Kind kind, boolean writable, String detail) {
        return new OpenDescriptor(fd, target, kind, writable, Action.KEPT, "", detail);
    }

    OpenDescriptor judged(Action newAction, String why) {
        return new OpenDescriptor(fd, target, kind, writable, newAction, why, detail);
    }

    @Override
    public String toString() {
        return "fd " + fd + " " + kind + (writable ? " writable " : " ") + target + (detail.isEmpty() ? "" : " [" + detail + "]")
                + " (" + action + (reason.isEmpty() ? "" : ": " + reason) + ")";
    }
}
