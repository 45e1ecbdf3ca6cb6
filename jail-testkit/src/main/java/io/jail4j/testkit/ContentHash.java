package io.jail4j.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The names of what the {@link ImageCache} holds: SHA-256 hashes (the first 128 bits, in hex) of
 * contents and keys, and what identifies one version of a file, a class directory or a JDK
 * without reading it.
 */
final class ContentHash {
    private ContentHash() {
    }

    /** Returns a new SHA-256 digest. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Returns the first 128 bits of a digest in hex. */
    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** Returns the hex hash of the strings, each ended by a NUL. */
    static String hash(List<String> parts) {
        MessageDigest sha = sha256();
        for (String p : parts) {
            sha.update(p.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return hex(sha.digest());
    }

    /**
     * Returns what identifies one version of a file without reading it: device, inode, size,
     * modification and change time. The change time cannot be set by anyone: any write, rename
     * over it or {@code touch} moves it.
     */
    static String stamp(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
        return a.get("dev") + " " + a.get("ino") + " " + a.get("size") + " " + ((FileTime) a.get("lastModifiedTime"))
                .toInstant() + " " + ((FileTime) a.get("ctime")).toInstant();
    }

    /**
     * Returns the hash of every directory's and regular file's name, file key (device and inode),
     * size and modification time under {@code root}, as one walk sees them.
     */
    static String treeStamp(Path root) throws IOException {
        List<String> parts = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                parts.add(root.relativize(d) + "/ " + a.fileKey() + " " + a.lastModifiedTime().toInstant());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                if (a.isRegularFile()) {
                    parts.add(root.relativize(f) + " " + a.fileKey() + " " + a.size() + " "
                            + a.lastModifiedTime().toInstant());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(parts);
        return hash(parts);
    }

    /** Returns what identifies a JDK's build: its {@code release} file and its {@code lib/modules} size and time. */
    static List<String> jdkIdentity(Path home) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(home.toRealPath().toString());
        Path release = home.resolve("release");
        out.add(Files.isRegularFile(release) ? Files.readString(release, StandardCharsets.ISO_8859_1) : "");
        Path modules = home.resolve("lib/modules");
        if (Files.isRegularFile(modules)) {
            out.add(Files.size(modules) + "/" + Files.getLastModifiedTime(modules).toMillis());
        }
        return out;
    }
}
