package io.jail4j.layout;

import static org.junit.jupiter.api.Assertions.fail;

import io.jail4j.RootTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Root-only set-up for the layout tests: real trees under a fresh temp directory, commands
 * (mknod, mkfifo, mount), and a clean-up that unmounts everything below the directory first and
 * never deletes across a mount point. Not root: skipped, unless {@code CI=true}, where it fails.
 */
final class RootTrees {
    static final boolean CI = RootTests.CI;

    private RootTrees() {
    }

    static void requireRoot() {
        RootTests.requireRoot();
    }

    /** Creates a fresh root-owned 0755 directory under the temp directory. */
    static Path tempDir() throws IOException {
        Path dir = Files.createTempDirectory("jail4j-layout-").toRealPath();
        Files.setAttribute(dir, "unix:mode", 0755);
        return dir;
    }

    /** Runs a command to completion and returns its output (stdout and stderr); fails the test on a non-zero exit. */
    static String run(String... cmd) {
        Result r = exec(60, cmd);
        if (r.status != 0) {
            fail(String.join(" ", cmd) + " failed with " + r.status + ": " + r.output);
        }
        return r.output;
    }

    /** A finished command. */
    static final class Result {
        final int status;
        final String output;

        Result(int status, String output) {
            this.status = status;
            this.output = output;
        }
    }

    /** Runs a command with a time limit; stdout and stderr merged. */
    static Result exec(long seconds, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within " + seconds + " s");
            }
            reader.join();
            return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A node maker for tests: the mknod command (the library's real one is native). */
    static NodeMaker mknod() {
        return (path, major, minor, permissions) -> {
            Result r = exec(10, "mknod", "-m", Stat.octal(permissions), path.toString(), "c",
                    Integer.toString(major), Integer.toString(minor));
            if (r.status != 0) {
                throw new IOException("mknod " + path + ": " + r.output.strip());
            }
        };
    }

    /** Returns the mount points at or below {@code dir}, deepest first. */
    static List<Path> mountsBelow(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Mounts.Mount m : Mounts.read()) {
            if (m.point.startsWith(dir)) {
                out.add(m.point);
            }
        }
        out.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    /**
     * Unmounts everything below {@code dir}, checks that nothing is left mounted, then deletes
     * the tree without following links or crossing onto another device.
     */
    static void cleanUp(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        for (Path point : mountsBelow(dir)) {
            if (exec(30, "umount", point.toString()).status != 0) {
                exec(30, "umount", "-l", point.toString());
            }
        }
        List<Path> left = mountsBelow(dir);
        if (!left.isEmpty()) {
            fail("still mounted below " + dir + ", not deleting it: " + left);
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        long dev = (Long) Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if ((Long) Files.getAttribute(d, "unix:dev", LinkOption.NOFOLLOW_LINKS) != dev) {
                    throw new IOException(d + " is on another device; not deleting across it");
                }
                Files.setAttribute(d, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
