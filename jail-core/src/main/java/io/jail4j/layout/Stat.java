package io.jail4j.layout;

import static io.jail4j.internal.LinuxAbi.S_IFMT;
import static io.jail4j.internal.LinuxAbi.S_IFSOCK;
import static io.jail4j.internal.LinuxAbi.S_IFLNK;
import static io.jail4j.internal.LinuxAbi.S_IFREG;
import static io.jail4j.internal.LinuxAbi.S_IFBLK;
import static io.jail4j.internal.LinuxAbi.S_IFDIR;
import static io.jail4j.internal.LinuxAbi.S_IFCHR;
import static io.jail4j.internal.LinuxAbi.S_IFIFO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one {@code lstat} of an entry says: type, permission bits, owner, link count, device
 * numbers and identity. {@link #of(Path)} is the only place that stats files for the audit and
 * the layout, and it never follows a symbolic link.
 */
final class Stat {
    // file types (sys/stat.h), from the ABI table

    private static final String ATTRIBUTES = "unix:mode,uid,gid,nlink,rdev,dev,ino,size";

    final int mode;
    final long uid;
    final long gid;
    final int nlink;
    final long rdev;
    final long dev;
    final long ino;
    final long size;

    Stat(int mode, long uid, long gid, int nlink, long rdev, long dev, long ino, long size) {
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.nlink = nlink;
        this.rdev = rdev;
        this.dev = dev;
        this.ino = ino;
        this.size = size;
    }

    /** Stats {@code path} without following a final symbolic link; null if nothing is there. */
    static Stat of(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        return new Stat((Integer) a.get("mode"), Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")), (Integer) a.get("nlink"), (Long) a.get("rdev"),
                (Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"));
    }

    int type() {
        return mode & S_IFMT;
    }

    int permissions() {
        return mode & 07777;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    boolean isRegular() {
        return type() == S_IFREG;
    }

    boolean isSymlink() {
        return type() == S_IFLNK;
    }

    boolean isDevice() {
        return type() == S_IFCHR || type() == S_IFBLK;
    }

    /** Returns the major number of a device node (glibc's {@code gnu_dev_major}). */
    long major() {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    }

    /** Returns the minor number of a device node (glibc's {@code gnu_dev_minor}). */
    long minor() {
        return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }

    /** Names the type as people say it: "regular file", "directory", "char device 1:3". */
    String typeName() {
        switch (type()) {
            case S_IFDIR: return "directory";
            case S_IFREG: return "regular file";
            case S_IFLNK: return "symbolic link";
            case S_IFCHR: return "char device " + major() + ":" + minor();
            case S_IFBLK: return "block device " + major() + ":" + minor();
            case S_IFIFO: return "fifo";
            case S_IFSOCK: return "socket";
            default: return "file of type 0" + Integer.toOctalString(type());
        }
    }

    static String octal(int permissions) {
        String s = Integer.toOctalString(permissions);
        return "0000".substring(Math.min(4, s.length())) + s;
    }
}
