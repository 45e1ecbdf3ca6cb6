package io.jail4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

/**
 * The testkit's directory of what jailed children start from, kept across test JVMs: read-only
 * copies of the class-path jars and jars of the class-path directories, named by their content's
 * SHA-256, jffi's native stub, and the class-data sharing archives. Root children map and load
 * what is in here, so nobody but this JVM's user (root) may ever have written any of it:
 *
 * <ul>
 *   <li>the directory must be a real directory (no symbolic link) owned by this JVM's effective
 *       user with mode 0700, in a parent that is owned by root or this user and, if writable by
 *       others, sticky (as {@code /tmp}); a directory that is not is removed (without following
 *       links) and made again; a parent that is not refuses with an {@link IOException} naming
 *       it;</li>
 *   <li>every entry must be a regular file or directory owned by this user and writable by no
 *       one else; one that is not is removed and made again before it is used;</li>
 *   <li>files are written under a fresh random name and renamed into place once complete, so a
 *       reader never sees half a file, and two test JVMs filling the cache at once only do the
 *       same work twice.</li>
 * </ul>
 *
 * Everything in it can be deleted at any time; it is made again on the next jailed test.
 */
final class ImageCache {
    /** The configuration parameter naming the directory; default {@code ${java.io.tmpdir}/jail4j-testkit-cache-<euid>}. */
    static final String CACHE = "jail4j.testkit.cache";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path dir;
    private final long owner;

    private ImageCache(Path dir, long owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** Returns the default directory for this user: {@code ${java.io.tmpdir}/jail4j-testkit-cache-<euid>}. */
    static Path defaultDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "jail4j-testkit-cache-" + HostFacts.euid());
    }

    /**
     * Opens the cache at {@code dir}, making it or replacing it (see the class comment).
     *
     * @throws IOException if its parent is unsafe or it cannot be made
     */
    static ImageCache open(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        long me = HostFacts.euid();
        Path parent = d.getParent();
        Path realParent = parent.toRealPath();
        Map<String, Object> p = Files.readAttributes(realParent, "unix:uid,mode");
        int pmode = (Integer) p.get("mode");
        long puid = ((Number) p.get("uid")).longValue();
        if (puid != 0 && puid != me || (pmode & 0022) != 0 && (pmode & 01000) == 0) {
            throw new IOException("the testkit's cache " + d + " needs a parent directory owned by root or uid " + me
                    + " that others cannot write to (or that is sticky, as /tmp); " + realParent + " is owned by uid "
                    + puid + " with mode " + Integer.toOctalString(pmode & 07777) + ": name another directory with -D"
                    + CACHE + "=...");
        }
        d = realParent.resolve(d.getFileName());
        if (!safeDirectory(d, me)) {
            TempTree.delete(d); // not ours, or open to others: nothing in it is used
            Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!safeDirectory(d, me)) {
                throw new IOException("the testkit's cache " + d + " was made but is not a directory of uid " + me
                        + " with mode 0700 (a umask cannot cause this; another process raced for it)");
            }
        }
        return new ImageCache(d, me);
    }

    Path dir() {
        return dir;
    }

    /** Returns whether {@code d} is a directory (not a link) owned by {@code uid} with mode 0700. */
    private static boolean safeDirectory(Path d, long uid) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(d, "unix:uid,mode,isDirectory", NOFOLLOW);
        } catch (NoSuchFileException e) {
            return false;
        }
        return (Boolean) a.get("isDirectory") && ((Number) a.get("uid")).longValue() == uid
                && ((Integer) a.get("mode") & 0777) == 0700;
    }

    /**
     * Returns whether {@code f} is a regular file (not a link) of this cache's user that no one
     * else can write; one that exists and is not is removed, so that it is made again.
     */
    boolean usable(Path f) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(f, "unix:uid,mode,isRegularFile", NOFOLLOW);
        } catch (NoSuchFileException e) {
            return false;
        }
        if ((Boolean) a.get("isRegularFile") && ((Number) a.get("uid")).longValue() == owner
                && ((Integer) a.get("mode") & 0022) == 0) {
            return true;
        }
        TempTree.delete(f);
        return false;
    }

    /** Returns a subdirectory of the cache, made (mode 0700) or replaced as the cache itself is. */
    Path directory(String name) throws IOException {
        Path d = dir.resolve(name);
        if (!safeDirectory(d, owner)) {
            TempTree.delete(d);
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // another test JVM made it meanwhile: checked below
            }
            if (!safeDirectory(d, owner)) {
                throw new IOException("the testkit's cache directory " + d + " is not a directory of uid " + owner
                        + " with mode 0700");
            }
        }
        return d;
    }

    /** Returns a fresh, unused name in {@code d} for a file being written. */
    static Path temporary(Path d, String suffix) {
        return d.resolve(".part-" + Long.toHexString(RANDOM.nextLong()) + suffix);
    }

    /**
     * Returns the cache's copy of the jar {@code source} ({@code jars/<sha256>-<name>}, mode 0444),
     * copying it first if the cache has no usable one. An index entry per host path remembers
     * which copy belongs to which version of the file ({@link ContentHash#stamp}), so that a jar seen before
     * is neither read nor hashed again.
     */
    Path jar(Path source) throws IOException {
        Path jars = directory("jars");
        Path index = directory("index").resolve(ContentHash.hash(List.of(source.toString())));
        String stamp = ContentHash.stamp(source);
        if (usable(index)) {
            String[] known = Files.readString(index, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
            if (known.length == 3 && known[0].equals(stamp) && known[1].matches("[0-9a-f]{32}-[^/]+")) {
                Path copy = jars.resolve(known[1]);
                if (usable(copy)) {
                    return copy; // the same file as when it was copied: its inode's change time moves with any change
                }
            }
        }
        Path copy = copyJar(source, jars);
        Path part = temporary(index.getParent(), ".idx");
        Files.writeString(part, stamp + "\n" + copy.getFileName() + "\n", java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        Files.move(part, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private Path copyJar(Path source, Path jars) throws IOException {
        Path part = temporary(jars, ".jar");
        String hash;
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(part,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            MessageDigest sha = ContentHash.sha256();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            hash = ContentHash.hex(sha.digest());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        return install(part, jars.resolve(hash + "-" + source.getFileName()));
    }

    /**
     * Returns the cache's jar of the class directory {@code source}, packed deterministically; an
     * index entry remembers the jar of a tree whose every file has the same {@link ContentHash#stamp} (the
     * tree is walked, not read).
     */
    Path packed(Path source) throws IOException {
        Path jars = directory("jars");
        Path index = directory("index").resolve(ContentHash.hash(List.of(source.toString(), "tree")));
        String stamp = ContentHash.treeStamp(source);
        if (usable(index)) {
            String[] known = Files.readString(index, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
            if (known.length == 3 && known[0].equals(stamp) && known[1].matches("[0-9a-f]{32}-[^/]+")) {
                Path copy = jars.resolve(known[1]);
                if (usable(copy)) {
                    return copy;
                }
            }
        }
        Path copy = pack(source, jars);
        Path part = temporary(index.getParent(), ".idx");
        Files.writeString(part, stamp + "\n" + copy.getFileName() + "\n", java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        Files.move(part, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private Path pack(Path source, Path jars) throws IOException {
        Path part = temporary(jars, ".jar");
        MessageDigest sha = ContentHash.sha256();
        try (OutputStream file = new java.security.DigestOutputStream(Files.newOutputStream(part,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE), sha)) {
            DeterministicJar.write(source, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        return install(part, jars.resolve(ContentHash.hex(sha.digest()) + "-" + source.getFileName() + ".jar"));
    }

    /**
     * Moves the complete file {@code part} to {@code target} (read-only) unless a usable copy is
     * there already, which is kept with its time stamps (the archives made with it check them).
     */
    Path install(Path part, Path target) throws IOException {
        if (usable(target)) {
            Files.delete(part);
            return target;
        }
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("r--r--r--"));
        Files.setLastModifiedTime(part, DeterministicJar.FIXED_TIME);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(part);
            throw new IOException("the testkit's cache " + dir + " cannot rename files atomically: " + e.getMessage(), e);
        }
        return target;
    }
}
