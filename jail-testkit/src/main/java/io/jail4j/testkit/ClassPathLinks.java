package io.jail4j.testkit;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Puts the children's class-path files (the {@link ImageCache}'s read-only copies) into a jail at
 * their own paths, so that what reopens a class-path jar by path after the chroot
 * ({@code ServiceLoader}, {@code ResourceBundle}, zipfs) finds the same file there.
 */
final class ClassPathLinks {
    private ClassPathLinks() {
    }

    /**
     * Hard-links every file of {@code entries} into {@code jail} at its path, making the
     * directories on the way (root, 0755), so that whatever reopens a class-path jar by path after
     * the chroot finds the same file; copies instead (mode 0444, same time stamp) when the jail is
     * on another file system than the cache. The files are read-only and owned by this JVM's user
     * (root): the jailed user can read them, not change them.
     *
     * @throws IOException if a component on the way inside the jail is not a real directory
     */
    static void linkInto(List<Path> entries, Path jail) throws IOException {
        for (Path e : entries) {
            Path at = jail;
            Path parent = e.getParent();
            for (Path name : parent) {
                at = at.resolve(name.toString());
                if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(at, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwxr-xr-x")));
                } else if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("cannot put the class path into the jail: " + at
                            + " is not a directory (a symbolic link or file of the layout?)");
                }
            }
            Path link = at.resolve(e.getFileName().toString());
            try {
                Files.createLink(link, e);
            } catch (FileSystemException cross) {
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    throw cross;
                }
                Files.copy(e, link, StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("r--r--r--"));
            }
        }
    }
}
