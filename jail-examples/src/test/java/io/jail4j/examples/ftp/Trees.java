package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

/** Builds the served test tree: plain files, a subdirectory, UTF-8 names, a hidden file, links. */
final class Trees {
    static final String HELLO = "hello, world\n";
    static final int BIG = 300_000;

    private Trees() {
    }

    /** Creates the tree under {@code root} (mode 0755) and returns its real path. */
    static Path create(Path root) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("hello.txt"), HELLO, StandardCharsets.UTF_8);
        Path pub = Files.createDirectory(root.resolve("pub"));
        Files.write(pub.resolve("big.bin"), bytes(BIG, 7));
        Files.writeString(pub.resolve("été ü.txt"), "grüße\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(pub.resolve("big.bin"), FileTime.fromMillis(1_583_402_400_000L)); // 2020-03-05 10:00 UTC
        Files.createDirectory(root.resolve("dir é"));
        Files.writeString(root.resolve("dir é/ü.txt"), "ü\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve(".hidden"), "hidden\n");
        Files.createSymbolicLink(root.resolve("passwd.link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("up.link"), Path.of("../.."));
        return root.toRealPath();
    }

    /** Returns deterministic pseudo-random bytes. */
    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
