package io.jail4j.tcpd;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What a rule set was read from, as seen when it was read: a file's identity, size, modification
 * time and content checksum, or its absence. A rule set is stale when any of its stamps no longer
 * holds.
 */
final class FileStamp {
    final Path path;
    private final String state;

    private FileStamp(Path path, String state) {
        this.path = path;
        this.state = state;
    }

    static FileStamp of(Path path) {
        return new FileStamp(path, stateOf(path));
    }

    boolean stale() {
        return !Objects.equals(state, stateOf(path));
    }

    private static String stateOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String target = "";
            if (a.isSymbolicLink()) {
                BasicFileAttributes t = Files.readAttributes(path, BasicFileAttributes.class);
                a = t;
                target = "->";
            }
            String content = "";
            if (a.isRegularFile() && a.size() <= FileSizeLimit.MAX_FILE) {
                // a same-size rewrite within the clock's resolution changes only the content
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(Files.readAllBytes(path));
                content = Long.toHexString(crc.getValue());
            }
            return target + a.fileKey() + "/" + a.size() + "/" + a.lastModifiedTime().toInstant() + "/" + content;
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "error " + reason(e);
        }
    }

    /** Returns the errno text libwrap's {@code %m} would print for a failed open. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
