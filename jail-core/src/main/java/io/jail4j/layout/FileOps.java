package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * The file operations of {@code apply()}, in pure Java and never following a symbolic link:
 * owner changes are {@code lchown}; mode changes on files and directories are {@code fchmod} on a
 * descriptor opened with {@code O_NOFOLLOW}; files are written under a fresh name
 * ({@code O_CREAT|O_EXCL}, mode 0600) and renamed over the target, which replaces a link instead
 * of writing through it. Device nodes, fifos and sockets cannot be opened safely for
 * {@code fchmod} (opening a fifo blocks), so their mode is set by path, which is safe because
 * {@code apply()} tightens every parent directory (root-only writable) before it touches a child.
 */
final class FileOps {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private FileOps() {
    }

    static void chown(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, NOFOLLOW);
        Files.setAttribute(path, "unix:gid", (int) gid, NOFOLLOW);
    }

    /** Sets the permission bits (sticky and setgid included) of an entry {@code st} says is not a link. */
    static void chmod(Path path, Stat st, int permissions) throws IOException {
        if (st.isSymlink()) {
            throw new IOException(path + " is a symbolic link; its mode is not changed");
        }
        if (st.isDirectory() || st.isRegular()) {
            Files.setAttribute(path, "unix:mode", permissions, NOFOLLOW);
        } else {
            Files.setAttribute(path, "unix:mode", permissions);
        }
    }

    static void mkdir(Path path, long uid, long gid, int permissions) throws IOException {
        Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        chown(path, uid, gid);
        Files.setAttribute(path, "unix:mode", permissions, NOFOLLOW);
    }

    /** Source of a file's bytes, opened when needed. */
    interface Content {
        InputStream open() throws IOException;
    }

    /** Writes {@code content} to a fresh file beside {@code target}, sets owner and mode, and renames it over the target. */
    static void writeAtomically(Path target, Content content, long uid, long gid, int permissions) throws IOException {
        Path tmp = freshName(target);
        try {
            try (SeekableByteChannel out = Files.newByteChannel(tmp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 InputStream in = content.open()) {
                byte[] buf = new byte[65536];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }
            chown(tmp, uid, gid);
            Files.setAttribute(tmp, "unix:mode", permissions, NOFOLLOW);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a device node under a fresh name, sets owner and mode, and renames it over {@code target} if asked. */
    static void makeDevice(Path target, NodeMaker maker, LayoutEntry e, long uid, long gid, boolean replace)
            throws IOException {
        Path at = replace ? freshName(target) : target;
        try {
            maker.makeCharDevice(at, e.major, e.minor, e.mode);
            Stat st = Stat.of(at);
            if (st == null || st.type() != LinuxAbi.S_IFCHR || st.major() != e.major || st.minor() != e.minor) {
                throw new IOException("the node maker left " + (st == null ? "nothing" : "a " + st.typeName()) + " at "
                        + at + ", not char device " + e.major + ":" + e.minor);
            }
            chown(at, uid, gid);
            chmod(at, st, e.mode);
            if (replace) {
                Files.move(at, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            if (replace) {
                Files.deleteIfExists(at);
            }
        }
    }

    /** Returns whether the file {@code st} describes holds exactly {@code want} (read without following links). */
    static boolean sameContent(Path file, Stat st, Content want, long wantSize) throws IOException {
        if (st.size != wantSize) {
            return false;
        }
        try (InputStream a = Files.newInputStream(file, NOFOLLOW); InputStream b = want.open()) {
            byte[] x = new byte[65536];
            byte[] y = new byte[65536];
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, y.length);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n < x.length) {
                    return true;
                }
            }
        }
    }

    private static Path freshName(Path target) {
        return target.resolveSibling(".jail4j." + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE) + ".tmp");
    }
}
