package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * A class-path directory packed into an uncompressed jar that depends only on the tree's names
 * and contents, so that the {@link ImageCache} can name it by its hash.
 */
final class DeterministicJar {
    /** The time stamp of every entry and of every file in the cache: 1980-01-01, zip's epoch. */
    static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L);

    private DeterministicJar() {
    }

    /**
     * Writes the regular files and directories under {@code root} into an uncompressed jar, in
     * name order with fixed time stamps, so that the same tree gives the same bytes (symbolic
     * links are not followed: a class-path directory's links are left out).
     */
    static void write(Path root, OutputStream file) throws IOException {
        try (JarOutputStream out = new JarOutputStream(file)) {
            out.setLevel(0);
            add(root, root, out);
        }
    }

    private static void add(Path root, Path d, JarOutputStream out) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(d)) {
            children = s.sorted().collect(Collectors.toList());
        }
        for (Path c : children) {
            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                out.putNextEntry(stored(name(root, c) + "/", new byte[0]));
                out.closeEntry();
                add(root, c, out);
            } else if (Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = Files.readAllBytes(c);
                out.putNextEntry(stored(name(root, c), bytes));
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    private static String name(Path root, Path p) {
        return root.relativize(p).toString().replace(File.separatorChar, '/');
    }

    private static JarEntry stored(String name, byte[] bytes) {
        JarEntry e = new JarEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        e.setLastModifiedTime(FIXED_TIME);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        return e;
    }
}
