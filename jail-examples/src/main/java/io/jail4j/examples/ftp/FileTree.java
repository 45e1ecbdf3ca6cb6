package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The served tree: maps virtual paths to files under the root and knows the upload drop box.
 * Inside the jail the root is {@code /} and the kernel keeps every path inside; unjailed (tests)
 * or not, a path whose real location, after following symbolic links, lies outside the root is
 * treated as missing, so no command ever reaches outside the tree.
 */
final class FileTree {
    private final Path root;
    private final String uploadDir;

    /**
     * @param root      the real path of the served tree ({@code /} inside the jail)
     * @param uploadDir the drop box as a normalized virtual path, or null for none
     */
    FileTree(Path root, String uploadDir) {
        this.root = root;
        this.uploadDir = uploadDir;
    }

    Path root() {
        return root;
    }

    /** Returns the drop box as a virtual path, or null. */
    String uploadDir() {
        return uploadDir;
    }

    /** Returns whether the virtual path is the drop box or inside it. */
    boolean inUploadBox(String virtual) {
        return uploadDir != null && VirtualPath.within(virtual, uploadDir);
    }

    /** Returns whether the virtual path is the drop box itself. */
    boolean isUploadBox(String virtual) {
        return uploadDir != null && uploadDir.equals(virtual);
    }

    /** Returns the host path of a virtual path, without touching the disk. */
    Path host(String virtual) {
        try {
            return virtual.equals("/") ? root : root.resolve(virtual.substring(1));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a path", e);
        }
    }

    /**
     * Returns the real path of an existing file or directory named by the virtual path, or null if
     * it does not exist or its real location lies outside the root.
     */
    Path existing(String virtual) {
        try {
            Path real = host(virtual).toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /**
     * Returns whether a path is in the drop box, by its virtual path or by its real location (a
     * symbolic link elsewhere in the tree may point into the box).
     */
    boolean inUploadBox(String virtual, Path real) {
        if (inUploadBox(virtual)) {
            return true;
        }
        Path box = uploadDir == null ? null : existing(uploadDir);
        return box != null && real != null && real.startsWith(box);
    }

    /** Returns the real path of a regular file that may be read, or null (missing, outside, in the box). */
    Path readable(String virtual) {
        Path real = existing(virtual);
        if (real == null || inUploadBox(virtual, real) || !java.nio.file.Files.isRegularFile(real)) {
            return null;
        }
        return real;
    }

    /** Returns the real path of a directory one may change into (the box itself included), or null. */
    Path directory(String virtual) {
        Path real = existing(virtual);
        if (real == null || !java.nio.file.Files.isDirectory(real)) {
            return null;
        }
        Path box = uploadDir == null ? null : existing(uploadDir);
        if (box != null && real.startsWith(box) && !real.equals(box)) {
            return null;
        }
        return real;
    }

    /** Returns the path without following a final symbolic link, or null if outside the tree. */
    Path entry(String virtual) {
        if (virtual.equals("/")) {
            return root;
        }
        String parent = virtual.substring(0, virtual.lastIndexOf('/'));
        Path dir = existing(parent.isEmpty() ? "/" : parent);
        if (dir == null) {
            return null;
        }
        try {
            Path p = dir.resolve(VirtualPath.name(virtual));
            return java.nio.file.Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
