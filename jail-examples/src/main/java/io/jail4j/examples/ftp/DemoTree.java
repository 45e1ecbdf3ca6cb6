package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;

/**
 * The jail and tree {@code ftpd --demo} serves: a fresh directory under the system temp directory,
 * owned by the user that runs the daemon (root) with mode 0755 as {@code --root} requires, holding
 * {@code pub/README.txt}, {@code pub/hello.txt} and a few KiB of random bytes in {@code pub/data.bin}.
 */
final class DemoTree {
    static final String HELLO = "hello from a jailed FTP server\n";
    static final int DATA_BYTES = 8 * 1024;

    private DemoTree() {
    }

    /** Creates a new demo jail and returns its real path. */
    static Path create() throws IOException {
        Path root = Files.createTempDirectory("jail4j-ftpd-demo-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pub = Files.createDirectory(root.resolve("pub"));
        Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(pub.resolve("README.txt"), List.of(
                "This directory is the root of a jail: the FTP server that serves it has entered it",
                "with chroot() and dropped to an unprivileged user, so no client can see anything above it.",
                "",
                "  hello.txt   a greeting",
                "  data.bin    " + DATA_BYTES + " random bytes"), StandardCharsets.UTF_8);
        Files.writeString(pub.resolve("hello.txt"), HELLO, StandardCharsets.UTF_8);
        byte[] data = new byte[DATA_BYTES];
        new Random(2121).nextBytes(data);
        Files.write(pub.resolve("data.bin"), data);
        for (Path p : List.of(pub.resolve("README.txt"), pub.resolve("hello.txt"), pub.resolve("data.bin"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return root.toRealPath();
    }
}
