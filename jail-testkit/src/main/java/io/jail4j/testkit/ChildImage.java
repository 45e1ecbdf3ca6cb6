package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final System.Logger LOG = System.getLogger(ChildImage.class.getName());
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
                stub = JffiStub.extract(cp, cache);
                STUBS.put(stubKey, stub);
            }
            boolean own = jvm.stream().noneMatch(ChildImage::sharingOption);
            boolean ownStub = jvm.stream().noneMatch(o -> o.startsWith("-D" + JffiStub.JFFI_PATH + "="));
            List<String> archiveKey = new ArrayList<>(jvm);
            Path java = Path.of(jvm.get(0));
            if (java.getParent() != null && java.getParent().getParent() != null) {
                archiveKey.addAll(ContentHash.jdkIdentity(java.getParent().getParent()));
            }
            archiveKey.add(cp);
            archiveKey.add(ownStub && stub.isPresent() ? stub.get().toString() : "");
            Path archive = cache.directory("cds").resolve(ContentHash.hash(archiveKey) + ".jsa");
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
            cmd.add("-D" + JffiStub.JFFI_PATH + "=" + stubDir);
        }
        return cmd;
    }

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
            ArchiveTraining.start(cache, archive, jvmWithStub(), classPath);
        } catch (IOException e) {
            fail("cannot start the training JVM: " + e);
        }
    }

    /** Returns the training's log file, next to the archive. */
    Path log() {
        return ArchiveTraining.log(archive);
    }

    /**
     * Moves TRAINING to READY once the archive is in the cache (made here or by another test JVM),
     * to FAILED if this JVM's training failed, and back to IDLE when nobody makes it any more.
     */
    private void finishTraining() {
        if (state != State.TRAINING) {
            return;
        }
        ArchiveTraining t = ArchiveTraining.of(archive);
        if (t != null && t.running()) {
            return;
        }
        try {
            if (cache.usable(archive)) {
                state = State.READY;
                trainingNanos = t == null ? 0 : t.nanos();
            } else if (t != null && t.failure() != null) {
                fail(t.failure());
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
     * Puts every class-path file of the children into {@code jail} at its path (see
     * {@link ClassPathLinks#linkInto}).
     *
     * @throws IOException if a component on the way inside the jail is not a real directory
     */
    void linkInto(Path jail) throws IOException {
        ClassPathLinks.linkInto(entries, jail);
    }
}
