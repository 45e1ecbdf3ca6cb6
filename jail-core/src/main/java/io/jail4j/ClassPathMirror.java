package io.jail4j;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * {@link Jail#mirrorClassPath()}: a read-only copy of every class-path and module-path entry
 * inside the jail at its canonical host path, so that what reopens a jar by path after the chroot
 * ({@code ServiceLoader}, zipfs, {@code new JarFile(path)}) finds the same bytes there.
 *
 * <p>Written as root into a jail that the jailed user may have had a go at before (a previous run
 * of the daemon): every directory on the way must be a real directory owned by root and writable
 * by root alone, or root-owned and sticky (as {@code /tmp}: others cannot rename or remove root's
 * entries in it), so that nobody but root can swap a component for a symbolic link between the
 * check and the write. Files are written under a fresh name ({@code O_CREAT|O_EXCL}) and renamed
 * over the old copy, which replaces whatever was there instead of writing through it. A copy is up
 * to date when its size and modification time equal the host's; the copy gets the host's mtime.
 */
final class ClassPathMirror {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int FILE_MODE = 0444;
    private static final int DIR_MODE = 0755;

    /** What one mirroring did. */
    record Result(int files, int copied, long bytesCopied) { }

    private ClassPathMirror() {
    }

    /** Brings the jail's copy of every entry up to date; throws naming the path that is unsafe or failed. */
    static Result mirror(Path jail, List<ClassPathAccess.Entry> entries) throws JailPathException {
        int[] files = new int[1];
        int[] copied = new int[1];
        long[] bytes = new long[1];
        try {
            checkJailPath(jail);
            copyAll(jail, entries, files, copied, bytes);
        } catch (UnsafeException e) {
            throw e.cause;
        }
        return new Result(files[0], copied[0], bytes[0]);
    }

    private static void copyAll(Path jail, List<ClassPathAccess.Entry> entries, int[] files, int[] copied, long[] bytes)
            throws UnsafeException {
        for (ClassPathAccess.Entry entry : entries) {
            Path host = entry.path();
            Path dir = directories(jail, host.getParent());
            if (entry.jar()) {
                files[0]++;
                long n = file(host, dir.resolve(host.getFileName().toString()), jail);
                if (n >= 0) {
                    copied[0]++;
                    bytes[0] += n;
                }
            } else {
                Path top = directory(dir, host.getFileName().toString(), jail);
                try {
                    Files.walkFileTree(host, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                            if (!d.equals(host)) {
                                directory(inJail(top, host, d.getParent()), d.getFileName().toString(), jail);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                            if (attrs.isRegularFile()) {
                                files[0]++;
                                long n = file(f, inJail(top, host, f), jail);
                                if (n >= 0) {
                                    copied[0]++;
                                    bytes[0] += n;
                                }
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
                } catch (UnsafeException e) {
                    throw e;
                } catch (IOException e) {
                    throw new UnsafeException(new JailPathException(jail, "mirrorClassPath(): copying " + host
                            + " into the jail: " + e, e));
                }
            }
        }
    }

    /**
     * Returns why {@code entry} cannot be opened at its path inside {@code jail}, or null when a
     * jar's copy there has the host's size and mtime (or a directory is there).
     */
    static String stale(Path jail, ClassPathAccess.Entry entry) {
        Path at = jail;
        Map<String, Object> copy = null;
        for (Path name : entry.path()) {
            at = at.resolve(name.toString());
            copy = attributes(at);
            if (copy == null) {
                return "is not in the jail at that path";
            }
            if ((Boolean) copy.get("isSymbolicLink")) {
                return "is behind a symbolic link in the jail (" + at + ")";
            }
        }
        if (!entry.jar()) {
            return (Boolean) copy.get("isDirectory") ? null : "is not a directory in the jail";
        }
        try {
            BasicFileAttributes host = Files.readAttributes(entry.path(), BasicFileAttributes.class);
            if (!(Boolean) copy.get("isRegularFile") || (Long) copy.get("size") != host.size()
                    || !copy.get("lastModifiedTime").equals(host.lastModifiedTime())) {
                return "has a stale copy in the jail (size or modification time differ from the host's)";
            }
        } catch (IOException e) {
            return "cannot be compared with the jail's copy: " + e.getMessage();
        }
        return null;
    }

    /**
     * The jail and each ancestor, from {@code /}, as OPEN_JAIL will check them later, so that root
     * never writes through a symbolic link or into a directory another user controls; the jail
     * itself is never exempt for being sticky.
     */
    private static void checkJailPath(Path jail) throws UnsafeException {
        Path at = jail.getRoot();
        for (Path name : jail) {
            at = at.resolve(name.toString());
            Map<String, Object> a = attributes(at);
            if (a == null) {
                throw new UnsafeException(new JailPathException(at, "mirrorClassPath(): the jail path " + at
                        + " does not exist"));
            }
            safeDirectory(at, a, jail);
        }
        if (((Integer) attributes(jail).get("mode") & 022) != 0) {
            throw new UnsafeException(new JailPathException(jail, "mirrorClassPath(): the jail " + jail
                    + " is writable by group or others"));
        }
    }

    /** Creates (0755, root) or checks each directory of {@code hostDir} below the jail; returns the last. */
    private static Path directories(Path jail, Path hostDir) throws UnsafeException {
        Path at = jail;
        if (hostDir != null) {
            for (Path name : hostDir) {
                at = directory(at, name.toString(), jail);
            }
        }
        return at;
    }

    private static Path directory(Path parent, String name, Path jail) throws UnsafeException {
        Path at = parent.resolve(name);
        try {
            Map<String, Object> a = attributes(at);
            if (a == null) {
                Files.createDirectory(at);
                Files.setAttribute(at, "unix:mode", DIR_MODE, NOFOLLOW);
                a = attributes(at);
            }
            safeDirectory(at, a, jail);
            return at;
        } catch (IOException e) {
            throw new UnsafeException(new JailPathException(at, "mirrorClassPath(): cannot create " + at + ": " + e, e));
        }
    }

    private static void safeDirectory(Path at, Map<String, Object> a, Path jail) throws UnsafeException {
        int mode = (Integer) a.get("mode");
        String problem = null;
        if ((Boolean) a.get("isSymbolicLink")) {
            problem = "is a symbolic link";
        } else if (!(Boolean) a.get("isDirectory")) {
            problem = "is not a directory";
        } else if ((Integer) a.get("uid") != 0) {
            problem = "is owned by uid " + a.get("uid") + ", not root";
        } else if ((mode & 022) != 0 && (mode & 01000) == 0) {
            problem = "is writable by group or others (mode " + Integer.toOctalString(mode & 07777) + ") without the sticky bit";
        }
        if (problem != null) {
            throw new UnsafeException(new JailPathException(at, "mirrorClassPath(): " + at + " " + problem
                    + ": another user could make root write the class-path copy elsewhere; remove or fix it (inside the"
                    + " jail " + jail + ")"));
        }
    }

    /** Copies {@code host} to {@code copy} unless up to date; returns the bytes copied, or -1 when it was. */
    private static long file(Path host, Path copy, Path jail) throws UnsafeException {
        try {
            BasicFileAttributes src = Files.readAttributes(host, BasicFileAttributes.class);
            Map<String, Object> a = attributes(copy);
            if (a != null) {
                boolean regular = (Boolean) a.get("isRegularFile") && !(Boolean) a.get("isSymbolicLink");
                if (!regular) {
                    throw new UnsafeException(new JailPathException(copy, "mirrorClassPath(): " + copy
                            + " is not a regular file; remove it (inside the jail " + jail + ")"));
                }
                if ((Long) a.get("size") == src.size() && a.get("lastModifiedTime").equals(src.lastModifiedTime())
                        && (Integer) a.get("uid") == 0 && ((Integer) a.get("mode") & 07777) == FILE_MODE) {
                    return -1;
                }
            }
            Path fresh = copy.resolveSibling("." + copy.getFileName() + ".jail4j-" + Long.toHexString(RANDOM.nextLong()));
            try {
                Files.copy(host, fresh); // O_CREAT|O_EXCL: never writes through an existing name
                Files.setAttribute(fresh, "unix:mode", FILE_MODE, NOFOLLOW);
                Files.setLastModifiedTime(fresh, FileTime.from(src.lastModifiedTime().toInstant()));
                Files.move(fresh, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(fresh);
            }
            return src.size();
        } catch (IOException e) {
            throw new UnsafeException(new JailPathException(copy, "mirrorClassPath(): copying " + host + " to " + copy
                    + ": " + e, e));
        }
    }

    private static Path inJail(Path top, Path hostTop, Path hostPath) {
        return top.resolve(hostTop.relativize(hostPath).toString());
    }

    private static Map<String, Object> attributes(Path p) {
        try {
            return Files.readAttributes(p, "unix:mode,uid,size,lastModifiedTime,isDirectory,isRegularFile,isSymbolicLink",
                    NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("mirrorClassPath(): " + p + ": " + e.getMessage(), e);
        }
    }

    /** Carries a {@link JailPathException} through the file visitor. */
    private static final class UnsafeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final JailPathException cause;

        UnsafeException(JailPathException cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }
    }
}
