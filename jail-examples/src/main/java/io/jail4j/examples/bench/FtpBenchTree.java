package io.jail4j.examples.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;

/** The tree both FTP servers serve in {@code ftp-bench}: one big file and each client's small files. */
final class FtpBenchTree {
    private FtpBenchTree() {
    }

    /** Returns the path of a client's small file under {@code small/}. */
    static String smallName(int client, int file) {
        return String.format("c%02d/f%03d.bin", client, file);
    }

    /** Writes {@code files} files of {@code bytes} random bytes for each client, world-readable. */
    static void writeSmallFiles(Path dir, int clients, int files, int bytes) throws IOException {
        Random random = new Random(2);
        byte[] content = new byte[bytes];
        for (int c = 0; c < clients; c++) {
            for (int f = 0; f < files; f++) {
                Path file = dir.resolve(smallName(c, f));
                Files.createDirectories(file.getParent());
                random.nextBytes(content);
                Files.write(file, content);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** Writes one file of {@code size} random bytes. */
    static void writeFile(Path file, long size) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long done = 0; done < size; done += block.length) {
                o.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
    }
}
