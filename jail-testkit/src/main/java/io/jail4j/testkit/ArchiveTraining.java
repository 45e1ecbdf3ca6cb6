package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One training JVM making one class-data sharing archive of a {@link ChildImage}, shared by every
 * image of this JVM with that archive. It runs at nice 19 under the archive's lock file (so that
 * one test JVM at a time makes an archive), writes under a temporary name and puts the archive
 * into the {@link ImageCache} only when it exited with status 0 within {@value #LIMIT_SECONDS} s.
 */
final class ArchiveTraining {
    /** How long a training JVM may run before it is killed and its archive given up. */
    static final long LIMIT_SECONDS = 120;
    private static final Map<Path, ArchiveTraining> RUNNING = new ConcurrentHashMap<>();

    private final Process process;
    private final Path part;
    private final FileChannel lockFile;
    private final long start = System.nanoTime();
    private volatile long nanos;
    private volatile String failure;

    private ArchiveTraining(Process process, Path part, FileChannel lockFile) {
        this.process = process;
        this.part = part;
        this.lockFile = lockFile;
    }

    /** Returns the training this JVM started for {@code archive}, or null if it started none. */
    static ArchiveTraining of(Path archive) {
        return RUNNING.get(archive);
    }

    /** Returns the training's log file, next to the archive. */
    static Path log(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".log");
    }

    /**
     * Starts the training JVM {@code jvm} (the {@code java} command and its options) on
     * {@code classPath} for {@code archive}, unless this JVM or another test JVM (holding the
     * archive's lock file) is making it already.
     *
     * @throws IOException if the lock file or the log cannot be opened or the JVM cannot start
     */
    static void start(ImageCache cache, Path archive, List<String> jvm, String classPath) throws IOException {
        ArchiveTraining running = RUNNING.get(archive);
        if (running != null && running.process.isAlive()) {
            return;
        }
        FileChannel lock = FileChannel.open(archive.resolveSibling(archive.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (!tryLock(lock)) {
            lock.close();
            return; // another test JVM makes it
        }
        Path part = ImageCache.temporary(archive.getParent(), ".jsa");
        List<String> cmd = new ArrayList<>(List.of("nice", "-n", "19"));
        cmd.addAll(jvm);
        cmd.add("-XX:ArchiveClassesAtExit=" + part);
        cmd.addAll(List.of("-cp", classPath, JailedChild.class.getName(), JailedChild.DEFAULT_PRELOAD,
                JailedChild.TRAIN, ImageCache.temporary(archive.getParent(), ".no-jail").toString()));
        Path log = log(archive);
        Files.deleteIfExists(log);
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        ArchiveTraining t = new ArchiveTraining(p, part, lock);
        RUNNING.put(archive, t);
        ChildProcess.reapOnExit(p, part);
        p.onExit().orTimeout(LIMIT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((done, timeout) -> t.complete(cache, archive, timeout != null));
    }

    private static boolean tryLock(FileChannel lock) throws IOException {
        try {
            return lock.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // this JVM holds it: one of its images trains
        }
    }

    /** Returns whether the training JVM still runs. */
    boolean running() {
        return process.isAlive();
    }

    /** Returns how long the training JVM ran (set when its end was noticed), in nanoseconds. */
    long nanos() {
        return nanos;
    }

    /** Returns why the training gave no archive, or null if it did or has not ended. */
    String failure() {
        return failure;
    }

    /** Ends the training: its archive into the cache, or the reason it has none; the lock released. */
    private void complete(ImageCache cache, Path archive, boolean timedOut) {
        try {
            if (timedOut) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            nanos = System.nanoTime() - start;
            if (!timedOut && process.exitValue() == 0 && Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
                cache.install(part, archive);
            } else {
                Files.deleteIfExists(part);
                failure = "the training JVM " + (timedOut ? "ran longer than " + LIMIT_SECONDS + " s"
                        : "exited with status " + process.exitValue()) + "; its output is in " + log(archive);
            }
        } catch (IOException | RuntimeException e) {
            failure = "cannot put the archive into the cache: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            try {
                lockFile.close(); // releases the lock
            } catch (IOException e) {
                // closing only releases it
            }
        }
    }
}
