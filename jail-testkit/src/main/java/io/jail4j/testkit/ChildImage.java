package io.jail4j.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * What every jailed child of this test JVM starts from, made once per JVM command (JDK, options):
 *
 * <ul>
 *   <li>the class path with each directory packed into a jar. A child opens every class-path jar
 *       before the chroot and keeps it open, so classes and resources of class-path directories
 *       stay readable inside the jail; and the JVM can archive classes from jars only;</li>
 *   <li>a class-data sharing archive ({@code -XX:ArchiveClassesAtExit}) of the classes a child
 *       loads before its test: the JVM maps them instead of parsing and verifying them again in
 *       every child. A training JVM makes it, once, in the background at nice 19: it loads the
 *       native binding, runs the default preload, warms up the Launcher on a no-op test of the
 *       testkit's own and goes through {@code enter()} up to opening a jail directory that does
 *       not exist, which fails with the process unchanged. It runs no test of the user's and never
 *       enters a jail, so nothing a jailed process did can end up in what later children map.</li>
 *   <li>jffi's native stub, extracted once from the class path, which children load from there
 *       instead of each extracting a copy to a temporary file.</li>
 * </ul>
 *
 * Children started before the archive is ready run without it. Both live in a directory only root
 * can enter, made with the first jailed test and deleted when this JVM exits. Sharing is left out
 * when the test's {@code jvmArgs} set class-data sharing options themselves, and can be turned off
 * with the configuration parameter {@value #SHARING} = false; a training that fails is logged
 * (level DEBUG) and only costs the speed-up.
 */
final class ChildImage {
    /** Turns class-data sharing for jailed children off: {@code -Djail4j.testkit.sharing=false}. */
    static final String SHARING = "jail4j.testkit.sharing";
    /** The system property that points jffi at a directory holding its native stub. */
    static final String JFFI_PATH = "jffi.boot.library.path";
    private static final System.Logger LOG = System.getLogger(ChildImage.class.getName());
    private static final long TRAINING_LIMIT_SECONDS = 120;
    private static final Map<List<String>, ChildImage> IMAGES = new HashMap<>();
    private static final Map<String, String> PACKED = new HashMap<>();
    private static final Map<String, Optional<Path>> STUBS = new HashMap<>();
    private static Path dir;

    /** The archive's states: none asked for yet, being made, usable, or not to be had. */
    enum State { IDLE, TRAINING, READY, FAILED }

    private final List<String> jvm;
    private final String classPath;
    private final Path stubDir;
    private final Path archive;
    private State state;
    private Process training;
    private long trainingStart;
    private long trainingNanos;

    private ChildImage(List<String> jvm, String classPath, Path stubDir, Path archive, boolean sharing) {
        this.jvm = List.copyOf(jvm);
        this.classPath = classPath;
        this.stubDir = stubDir;
        this.archive = archive;
        this.state = sharing ? State.IDLE : State.FAILED;
    }

    /**
     * Returns the image for children started with {@code jvm} (the {@code java} command and its
     * options), packing this JVM's class-path directories on first use.
     */
    static synchronized ChildImage of(List<String> jvm, boolean sharing) throws IOException {
        String cp = JailedRun.classPath();
        List<String> key = new ArrayList<>(jvm);
        key.add(cp);
        key.add(Boolean.toString(sharing));
        ChildImage image = IMAGES.get(key);
        if (image == null) {
            Path home = home();
            String packed = PACKED.get(cp);
            if (packed == null) {
                packed = pack(cp, home);
                PACKED.put(cp, packed);
            }
            Optional<Path> stub = STUBS.get(cp);
            if (stub == null) {
                stub = jffiStub(packed, home.resolve("jffi-" + STUBS.size()));
                STUBS.put(cp, stub);
            }
            boolean own = jvm.stream().noneMatch(ChildImage::sharingOption);
            boolean ownStub = jvm.stream().noneMatch(o -> o.startsWith("-D" + JFFI_PATH + "="));
            image = new ChildImage(jvm, packed, ownStub ? stub.orElse(null) : null,
                    home.resolve("children-" + IMAGES.size() + ".jsa"), sharing && own);
            IMAGES.put(key, image);
        }
        return image;
    }

    /** Returns whether a JVM option already decides about class-data sharing. */
    static boolean sharingOption(String option) {
        return option.startsWith("-Xshare") || option.startsWith("-XX:SharedArchiveFile")
                || option.startsWith("-XX:ArchiveClassesAtExit") || option.startsWith("-XX:+AutoCreateSharedArchive")
                || option.startsWith("-XX:AOT") || option.startsWith("-XX:SharedClassListFile");
    }

    /** Returns the class path the children run with: this JVM's, each directory replaced by its jar. */
    String classPath() {
        return classPath;
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

    /** Starts the training JVM if no archive exists or is being made and sharing is on. */
    synchronized void train() {
        if (state != State.IDLE) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("nice", "-n", "19"));
        cmd.addAll(jvmWithStub());
        cmd.add("-XX:ArchiveClassesAtExit=" + archive);
        cmd.addAll(List.of("-cp", classPath, JailedChild.class.getName(), JailedChild.DEFAULT_PRELOAD,
                JailedChild.TRAIN, archive.resolveSibling(archive.getFileName() + ".no-jail").toString()));
        Path log = archive.resolveSibling(archive.getFileName() + ".log");
        try {
            training = new ProcessBuilder(cmd).directory(new File("/")).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            state = State.TRAINING;
            trainingStart = System.nanoTime();
            Process p = training;
            ChildProcess.reapOnExit(p, archive.getParent());
            p.onExit().orTimeout(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((done, timeout) -> {
                        if (timeout != null) {
                            p.destroyForcibly();
                        }
                        finish();
                    });
        } catch (IOException e) {
            fail("cannot start the training JVM: " + e);
        }
    }

    private synchronized void finish() {
        finishTraining();
    }

    /** Moves TRAINING to READY or FAILED once the training JVM has exited. */
    private void finishTraining() {
        if (state != State.TRAINING || training.isAlive()) {
            return;
        }
        trainingNanos = System.nanoTime() - trainingStart;
        if (training.exitValue() == 0 && Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            state = State.READY;
        } else {
            fail("the training JVM exited with status " + training.exitValue() + "; its output is in "
                    + archive.resolveSibling(archive.getFileName() + ".log"));
        }
    }

    private void fail(String why) {
        state = State.FAILED;
        LOG.log(Level.DEBUG, "jailed children start without a class-data sharing archive: {0}", why);
    }

    /** Returns this JVM's image directory, made on first use: owned by this user, mode 0700. */
    private static Path home() throws IOException {
        if (dir == null) {
            Path d = Files.createTempDirectory("jail4j-testkit-");
            PosixFileAttributes a = Files.readAttributes(d, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || !a.permissions().equals(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE))) {
                throw new IOException(d + " is not a directory with mode 0700: " + a.permissions());
            }
            ChildProcess.deleteOnExit(d);
            dir = d;
        }
        return dir;
    }

    /** Returns the directory holding jffi's native stub for children, or null if none is extracted. */
    Path stubDir() {
        return stubDir;
    }

    /**
     * Extracts jffi's native stub for this machine ({@code jni/<cpu>-Linux/libjffi-*.so}) from the
     * first class-path jar that has one into {@code dir}, so that each child loads that copy
     * instead of extracting one of its own to a temporary file (about 20 ms of CPU per child).
     * Returns empty when the class path has none for this CPU.
     */
    static Optional<Path> jffiStub(String classPath, Path dir) throws IOException {
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
                    Files.createDirectory(dir);
                    Path out = dir.resolve(stub.get().getName().substring(stub.get().getName().lastIndexOf('/') + 1));
                    try (InputStream in = jar.getInputStream(stub.get())) {
                        Files.copy(in, out);
                    }
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }

    /** Replaces each directory of the class path by a jar of it made in {@code home}. */
    private static String pack(String classPath, Path home) throws IOException {
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = home.resolve("cp-" + n++ + "-" + p.getFileName() + ".jar");
                jar(p, jar);
                out.add(jar.toString());
            } else {
                out.add(entry);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /**
     * Writes the regular files and directories under {@code root} into an uncompressed jar
     * (symbolic links are not followed: a class path directory's links are left out).
     */
    static void jar(Path root, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.setLevel(0);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!d.equals(root)) {
                        out.putNextEntry(stored(name(root, d) + "/", new byte[0]));
                        out.closeEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        byte[] bytes = Files.readAllBytes(f);
                        out.putNextEntry(stored(name(root, f), bytes));
                        out.write(bytes);
                        out.closeEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
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
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        return e;
    }
}
