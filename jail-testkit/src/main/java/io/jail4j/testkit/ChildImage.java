package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * What every jailed child of a test class path starts from, kept in the testkit's
 * {@link ImageCache} across test JVMs:
 *
 * <ul>
 *   <li>the class path ({@link ChildClassPath}: pathing jars and launcher class loaders resolved)
 *       as read-only copies in the cache, each class-path directory packed into a jar, all named
 *       by their content's hash. A child opens every class-path jar before the chroot and keeps it
 *       open; and the same files are hard-linked into every jail at their path
 *       ({@link #linkInto(Path)}), so that what reopens a jar by path after the chroot
 *       ({@code ServiceLoader}, {@code ResourceBundle}, zipfs) finds it there too;</li>
 *   <li>a class-data sharing archive ({@code -XX:ArchiveClassesAtExit}) of the classes a child
 *       loads before its test, keyed by the JDK's build, the JVM options and the class path (whose
 *       names carry the content hashes): the JVM maps them instead of parsing and verifying them
 *       again in every child. A training JVM makes it, once for each key, in the background at nice
 *       19: it loads the native binding, runs the default preload, warms up the Launcher on a no-op
 *       test of the testkit's own and goes through {@code enter()} up to opening a jail directory
 *       that does not exist, which fails with the process unchanged. It runs no test of the user's
 *       and never enters a jail, so nothing a jailed process did can end up in what later children
 *       map.</li>
 *   <li>jffi's native stub, extracted once from the class path, which children load from there
 *       instead of each extracting a copy to a temporary file.</li>
 * </ul>
 *
 * Children started before the archive is ready run without it. Sharing is left out when the
 * test's {@code jvmArgs} set class-data sharing options themselves, and can be turned off with the
 * configuration parameter {@value #SHARING} = false; a training that fails is logged (level DEBUG)
 * and only costs the speed-up.
 */
final class ChildImage {
    /** Turns class-data sharing for jailed children off: {@code -Djail4j.testkit.sharing=false}. */
    static final String SHARING = "jail4j.testkit.sharing";
    /** The system property that points jffi at a directory holding its native stub. */
    static final String JFFI_PATH = "jffi.boot.library.path";
    private static final System.Logger LOG = System.getLogger(ChildImage.class.getName());
    private static final long TRAINING_LIMIT_SECONDS = 120;
    private static final Map<List<String>, ChildImage> IMAGES = new HashMap<>();
    private static final Map<List<String>, Path> COPIES = new HashMap<>();
    private static final Map<List<String>, Optional<Path>> STUBS = new HashMap<>();

    /** The archive's states: none asked for yet, being made, usable, or not to be had. */
    enum State { IDLE, TRAINING, READY, FAILED }

    private final ImageCache cache;
    private final List<String> jvm;
    private final List<Path> entries;
    private final String classPath;
    private final Path stubDir;
    private final Path archive;
    private State state;
    private long trainingNanos;

    private ChildImage(ImageCache cache, List<String> jvm, List<Path> entries, Path stubDir, Path archive,
                       boolean sharing) throws IOException {
        this.cache = cache;
        this.jvm = List.copyOf(jvm);
        this.entries = List.copyOf(entries);
        this.classPath = entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        this.stubDir = stubDir;
        this.archive = archive;
        this.state = !sharing ? State.FAILED : cache.usable(archive) ? State.READY : State.IDLE;
    }

    /**
     * Returns the image for children started with {@code jvm} (the {@code java} command and its
     * options) on the host class path {@code hostEntries}, copying and packing what the cache at
     * {@code cacheDir} does not hold yet.
     */
    static synchronized ChildImage of(List<String> jvm, boolean sharing, List<Path> hostEntries, Path cacheDir)
            throws IOException {
        List<String> key = new ArrayList<>(jvm);
        hostEntries.forEach(e -> key.add(e.toString()));
        key.add(Boolean.toString(sharing));
        key.add(cacheDir.toString());
        ChildImage image = IMAGES.get(key);
        if (image == null || !image.intact()) {
            ImageCache cache = ImageCache.open(cacheDir);
            List<Path> entries = new ArrayList<>();
            for (Path e : hostEntries) {
                entries.add(copy(cache, e));
            }
            String cp = entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            List<String> stubKey = List.of(cache.dir().toString(), cp);
            Optional<Path> stub = STUBS.get(stubKey);
            if (stub == null) {
                stub = jffiStub(cp, cache);
                STUBS.put(stubKey, stub);
            }
            boolean own = jvm.stream().noneMatch(ChildImage::sharingOption);
            boolean ownStub = jvm.stream().noneMatch(o -> o.startsWith("-D" + JFFI_PATH + "="));
            List<String> archiveKey = new ArrayList<>(jvm);
            Path java = Path.of(jvm.get(0));
            if (java.getParent() != null && java.getParent().getParent() != null) {
                archiveKey.addAll(ImageCache.jdkIdentity(java.getParent().getParent()));
            }
            archiveKey.add(cp);
            archiveKey.add(ownStub && stub.isPresent() ? stub.get().toString() : "");
            Path archive = cache.directory("cds").resolve(ImageCache.hash(archiveKey) + ".jsa");
            image = new ChildImage(cache, jvm, entries, ownStub ? stub.orElse(null) : null, archive, sharing && own);
            IMAGES.put(key, image);
        }
        return image;
    }

    /** Forgets the images of this JVM, as a new test JVM starts without them (for tests of the cache). */
    static synchronized void forget() {
        IMAGES.clear();
        COPIES.clear();
        STUBS.clear();
    }

    /** Returns whether every file of this image is still in the cache as this JVM made or found it. */
    private boolean intact() throws IOException {
        for (Path e : entries) {
            if (!cache.usable(e)) {
                return false;
            }
        }
        return true;
    }

    /** Returns the cache's copy of a host class-path entry: the jar's copy or the directory's packed jar. */
    private static Path copy(ImageCache cache, Path host) throws IOException {
        boolean dir = Files.isDirectory(host);
        List<String> key = List.of(cache.dir().toString(), host.toString());
        Path known = COPIES.get(key);
        if (!dir && known != null && cache.usable(known) && Files.size(known) == Files.size(host)) {
            return known; // a jar copied by this JVM already (a directory is packed anew: tests may have changed it)
        }
        Path copy = dir ? cache.packed(host) : cache.jar(host);
        COPIES.put(key, copy);
        return copy;
    }

    /** Returns whether a JVM option already decides about class-data sharing. */
    static boolean sharingOption(String option) {
        return option.startsWith("-Xshare") || option.startsWith("-XX:SharedArchiveFile")
                || option.startsWith("-XX:ArchiveClassesAtExit") || option.startsWith("-XX:+AutoCreateSharedArchive")
                || option.startsWith("-XX:AOT") || option.startsWith("-XX:SharedClassListFile");
    }

    /** Returns the class path the children run with: the cache's copies, joined. */
    String classPath() {
        return classPath;
    }

    /** Returns the class-path files of the children, in the cache. */
    List<Path> entries() {
        return entries;
    }

    synchronized State state() {
        finishTraining();
        return state;
    }

    /** Returns how long the training JVM ran (measured when its end was noticed), or 0. */
    synchronized long trainingMillis() {
        return trainingNanos / 1_000_000;
    }

    /** Returns the archive's path (meaningful once {@link #state()} is READY). */
    Path archive() {
        return archive;
    }

    /**
     * Returns the command of a child: the JVM, its options, the archive if it is ready, the
     * class path, the main class and its arguments.
     */
    synchronized List<String> command(String mainClass, List<String> args) {
        finishTraining();
        List<String> cmd = jvmWithStub();
        if (state == State.READY) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
            cmd.add("-Xshare:auto");      // a mismatch only costs the speed-up
            cmd.add("-Xlog:cds=off");     // and prints nothing into the test's output
            cmd.add("-Xlog:cds+dynamic=off");
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Returns the {@code java} command and its options, with jffi pointed at the extracted stub. */
    private List<String> jvmWithStub() {
        List<String> cmd = new ArrayList<>(jvm);
        if (stubDir != null) {
            cmd.add("-D" + JFFI_PATH + "=" + stubDir);
        }
        return cmd;
    }

    /** One training JVM making one archive, shared by every image of this JVM with that archive. */
    private static final class Training {
        final Process process;
        final Path part;
        final FileChannel lockFile;
        final long start = System.nanoTime();
        volatile long nanos;
        volatile String failure;

        Training(Process process, Path part, FileChannel lockFile) {
            this.process = process;
            this.part = part;
            this.lockFile = lockFile;
        }
    }

    private static final Map<Path, Training> TRAININGS = new ConcurrentHashMap<>();

    /**
     * Starts the training JVM if sharing is on and the cache has no archive yet, unless this JVM or
     * another test JVM (holding the archive's lock file) is making it already: then children
     * start without it until it is in the cache.
     */
    synchronized void train() {
        if (state != State.IDLE) {
            return;
        }
        try {
            if (cache.usable(archive)) {
                state = State.READY;
                return;
            }
            state = State.TRAINING;
            Training running = TRAININGS.get(archive);
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
            cmd.addAll(jvmWithStub());
            cmd.add("-XX:ArchiveClassesAtExit=" + part);
            cmd.addAll(List.of("-cp", classPath, JailedChild.class.getName(), JailedChild.DEFAULT_PRELOAD,
                    JailedChild.TRAIN, ImageCache.temporary(archive.getParent(), ".no-jail").toString()));
            Path log = log();
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
            Training t = new Training(p, part, lock);
            TRAININGS.put(archive, t);
            ChildProcess.reapOnExit(p, part);
            ImageCache c = cache;
            Path target = archive;
            p.onExit().orTimeout(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((done, timeout) -> complete(t, c, target, timeout != null));
        } catch (IOException e) {
            fail("cannot start the training JVM: " + e);
        }
    }

    private static boolean tryLock(FileChannel lock) throws IOException {
        try {
            return lock.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            return false; // this JVM holds it: one of its images trains
        }
    }

    /** Ends a training: its archive into the cache, or the reason it has none; the lock released. */
    private static void complete(Training t, ImageCache cache, Path archive, boolean timedOut) {
        try {
            if (timedOut) {
                t.process.destroyForcibly();
                t.process.waitFor(10, TimeUnit.SECONDS);
            }
            t.nanos = System.nanoTime() - t.start;
            if (!timedOut && t.process.exitValue() == 0 && Files.isRegularFile(t.part, LinkOption.NOFOLLOW_LINKS)) {
                cache.install(t.part, archive);
            } else {
                Files.deleteIfExists(t.part);
                t.failure = "the training JVM " + (timedOut ? "ran longer than " + TRAINING_LIMIT_SECONDS + " s"
                        : "exited with status " + t.process.exitValue()) + "; its output is in "
                        + archive.resolveSibling(archive.getFileName() + ".log");
            }
        } catch (IOException | RuntimeException e) {
            t.failure = "cannot put the archive into the cache: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.failure = "interrupted";
        } finally {
            try {
                t.lockFile.close(); // releases the lock
            } catch (IOException e) {
                // closing only releases it
            }
        }
    }

    /** Returns the training's log file, next to the archive. */
    Path log() {
        return archive.resolveSibling(archive.getFileName() + ".log");
    }

    /**
     * Moves TRAINING to READY once the archive is in the cache (made here or by another test JVM),
     * to FAILED if this JVM's training failed, and back to IDLE when nobody makes it any more.
     */
    private void finishTraining() {
        if (state != State.TRAINING) {
            return;
        }
        Training t = TRAININGS.get(archive);
        if (t != null && t.process.isAlive()) {
            return;
        }
        try {
            if (cache.usable(archive)) {
                state = State.READY;
                trainingNanos = t == null ? 0 : t.nanos;
            } else if (t != null && t.failure != null) {
                fail(t.failure);
            } else if (t == null) {
                state = State.IDLE; // made elsewhere: the next train() looks again (and takes over if it died)
            }
        } catch (IOException e) {
            fail("cannot read the cache: " + e);
        }
    }

    private void fail(String why) {
        state = State.FAILED;
        LOG.log(Level.DEBUG, "jailed children start without a class-data sharing archive: {0}", why);
    }

    /** Returns the directory holding jffi's native stub for children, or null if none is extracted. */
    Path stubDir() {
        return stubDir;
    }

    /**
     * Hard-links every class-path file of the children into {@code jail} at its path, making the
     * directories on the way (root, 0755), so that whatever reopens a class-path jar by path after
     * the chroot finds the same file; copies instead (mode 0444, same time stamp) when the jail is
     * on another file system than the cache. The files are read-only and owned by this JVM's user
     * (root): the jailed user can read them, not change them.
     *
     * @throws IOException if a component on the way inside the jail is not a real directory
     */
    void linkInto(Path jail) throws IOException {
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
            } catch (java.nio.file.FileSystemException cross) {
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    throw cross;
                }
                Files.copy(e, link, StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("r--r--r--"));
            }
        }
    }

    /**
     * Extracts jffi's native stub for this machine ({@code jni/<cpu>-Linux/libjffi-*.so}) from the
     * first class-path jar that has one into a directory of the cache, so that each child loads
     * that copy instead of extracting one of its own to a temporary file (about 20 ms of CPU per
     * child). Returns that directory, or empty when the class path has none for this CPU.
     */
    static Optional<Path> jffiStub(String classPath, ImageCache cache) throws IOException {
        // the class path names content-named copies: which one holds the stub is remembered
        Path index = cache.directory("index").resolve(ImageCache.hash(List.of(classPath, "jffi-stub")));
        if (cache.usable(index)) {
            String known = Files.readString(index, java.nio.charset.StandardCharsets.UTF_8);
            if (known.equals("none\n")) {
                return Optional.empty();
            }
            if (known.matches("jffi-[0-9a-f]{32}/[^/\n]+\n")) {
                Path stub = cache.dir().resolve(known.strip());
                if (cache.usable(stub)) {
                    return Optional.of(stub.getParent());
                }
            }
        }
        Optional<Path> found = findJffiStub(classPath, cache);
        Path part = ImageCache.temporary(index.getParent(), ".idx");
        String text = "none\n";
        if (found.isPresent()) {
            try (java.util.stream.Stream<Path> files = Files.list(found.get())) {
                text = found.get().getFileName() + "/" + files.filter(f -> f.getFileName().toString().endsWith(".so"))
                        .findFirst().orElseThrow().getFileName() + "\n";
            }
        }
        Files.writeString(part, text, java.nio.charset.StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        Files.move(part, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return found;
    }

    private static Optional<Path> findJffiStub(String classPath, ImageCache cache) throws IOException {
        String arch = System.getProperty("os.arch", "");
        String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        String prefix = "jni/" + cpu + "-Linux/libjffi-";
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Optional<JarEntry> stub = jar.stream()
                        .filter(e -> e.getName().startsWith(prefix) && e.getName().endsWith(".so")
                                && e.getName().indexOf('/', prefix.length()) < 0)
                        .findFirst();
                if (stub.isPresent()) {
                    Path dir = cache.directory("jffi-" + ImageCache.hash(List.of(entry, stub.get().getName())));
                    Path out = dir.resolve(stub.get().getName().substring(stub.get().getName().lastIndexOf('/') + 1));
                    if (!cache.usable(out)) {
                        Path part = ImageCache.temporary(dir, ".so");
                        try (InputStream in = jar.getInputStream(stub.get())) {
                            Files.copy(in, part);
                        }
                        cache.install(part, out);
                    }
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }
}
