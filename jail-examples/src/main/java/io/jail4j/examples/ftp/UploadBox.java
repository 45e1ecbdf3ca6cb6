package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * Sets up the {@code --upload} drop box as root, before the jail is entered: a directory owned by
 * the drop user with mode {@code 0300} ({@code -wx------}), created if missing. The user can
 * create files in it but not list it, and each upload is created write-only ({@code 0200}), so
 * the kernel itself refuses to list or read back uploads, besides the daemon's own refusals.
 * vsftpd's {@code chown_uploads} hands uploads to another user through a privileged helper
 * process; a fully dropped daemon has none, so this takes its place.
 */
final class UploadBox {
    private UploadBox() {
    }

    /**
     * Creates or checks the box; returns a warning (or null).
     *
     * @throws IOException naming what is wrong with an existing path
     */
    static String prepare(Path root, String virtual, UserPrincipal owner) throws IOException {
        Path dir = root.resolve(virtual.substring(1));
        Path parent = dir.getParent();
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS) || !parent.toRealPath().equals(parent)) {
            throw new IOException("--upload: " + parent + " must be a directory of the root, with no symbolic link on the way");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
            Files.setOwner(dir, owner);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("-wx------"));
            return null;
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("--upload: " + dir + " is not a directory (or is a symbolic link)");
        }
        if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(owner)) {
            throw new IOException("--upload: " + dir + " must be owned by " + owner.getName() + " (chown "
                    + owner.getName() + " " + dir + "; chmod 0300 " + dir + ")");
        }
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0300) != 0300) {
            throw new IOException("--upload: " + dir + " must be writable and searchable by its owner (chmod 0300 " + dir + ")");
        }
        if ((mode & 0477) != 0) {
            return "drop box " + dir + " has mode " + Integer.toOctalString(mode & 07777)
                    + "; the daemon refuses listings and downloads there, and mode 0300 makes the kernel refuse them too";
        }
        return null;
    }
}
