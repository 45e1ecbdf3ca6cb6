package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The image jailed children start from: the packed class path and the class-data sharing archive. */
@Timeout(120)
class ChildImageTest {
    @Test
    void directoryWithALink_writeJar_holdsItsFilesAndDirectoriesButNoLinks(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("classes"));
        Files.createDirectories(root.resolve("com/example"));
        Files.writeString(root.resolve("com/example/data.txt"), "payload");
        Files.write(root.resolve("com/example/A.class"), new byte[] {(byte) 0xca, (byte) 0xfe});
        Files.createSymbolicLink(root.resolve("com/example/link.txt"), Path.of("/etc/hostname"));
        Path jar = dir.resolve("packed.jar");

        try (OutputStream out = Files.newOutputStream(jar)) {
            DeterministicJar.write(root, out);
        }

        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            j.stream().forEach(e -> names.add(e.getName()));
            Collections.sort(names);
            assertEquals(List.of("com/", "com/example/", "com/example/A.class", "com/example/data.txt"), names);
            assertEquals("payload", new String(j.getInputStream(j.getEntry("com/example/data.txt")).readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void cdsAndAotOptions_sharingOption_areRecognised() {
        for (String o : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa", "-XX:ArchiveClassesAtExit=/x.jsa",
                "-XX:+AutoCreateSharedArchive", "-XX:AOTCache=/x.aot", "-XX:SharedClassListFile=/x.lst")) {
            assertTrue(ChildImage.sharingOption(o), o);
        }
        for (String o : List.of("-Xmx64m", "-XX:+UseSerialGC", "-Dshare=1")) {
            assertFalse(ChildImage.sharingOption(o), o);
        }
    }

    @Test
    void userChoosesTheCompilers_childJvmOptions_leaveTheThreadCountToThem() {
        assertTrue(ChildJvm.options(List.of("-Xmx64m")).contains("-XX:CICompilerCount=1"));
        for (String o : List.of("-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation", "-XX:CICompilerCount=3")) {
            List<String> options = ChildJvm.options(List.of(o));
            assertFalse(options.contains("-XX:CICompilerCount=1"), o + ": " + options);
            assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
        }
    }

    @Test
    void testClassPath_image_isReadOnlyCopiesNamedByContentInAPrivateCache() throws IOException {
        ChildImage image = SelfTests.image(List.of("/bin/false", "-Dtest.image=packed"), true);
        List<Path> original = ChildJvm.classPathOf(ChildImageTest.class);
        String[] packed = image.classPath().split(File.pathSeparator);
        assertEquals(original.size(), packed.length);
        int dirs = 0;
        for (int i = 0; i < packed.length; i++) {
            Path copy = Path.of(packed[i]);
            dirs += Files.isDirectory(original.get(i)) ? 1 : 0;
            assertTrue(copy.getFileName().toString().matches("[0-9a-f]{32}-" + java.util.regex.Pattern.quote(
                    original.get(i).getFileName().toString()) + "(\\.jar)?"), copy + " for " + original.get(i));
            assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy, LinkOption.NOFOLLOW_LINKS)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    copy.getParent(), LinkOption.NOFOLLOW_LINKS)));
            assertEquals(HostFacts.euid(), ((Number) Files.getAttribute(copy, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
            if (!Files.isDirectory(original.get(i))) {
                assertEquals(-1L, Files.mismatch(original.get(i), copy), "a jar's copy has its bytes");
            }
        }
        assertTrue(dirs > 0, "the test class path has its test-classes directory");
    }

    @Test
    void entryWritableByOthers_nextImage_isRefusedAndRebuilt(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache");
        List<String> jvm = List.of("/bin/false", "-Dtest.image=writable");
        ChildImage image = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);
        Path jar = image.entries().get(0);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path archive = image.archive();
        Files.writeString(archive, "planted");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        ChildImage.forget(); // as a new test JVM

        ChildImage again = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);

        assertEquals(jar, again.entries().get(0), "the same content has the same name");
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(jar, LinkOption.NOFOLLOW_LINKS)),
                "the writable copy was replaced by a fresh read-only one");
        assertEquals(ChildImage.State.IDLE, again.state(), "the planted archive is not used");
        assertFalse(Files.exists(archive, LinkOption.NOFOLLOW_LINKS), "... and was removed");
    }

    @Test
    void entryNotOwnedByThisUser_nextImage_isRefusedAndRebuilt(@TempDir Path dir) throws IOException {
        SelfTests.requireRoot();
        Path cache = dir.resolve("cache");
        List<String> jvm = List.of("/bin/false", "-Dtest.image=foreign");
        ChildImage image = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);
        Path jar = image.entries().get(0);
        Files.setAttribute(jar, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        Path archive = image.archive();
        Files.writeString(archive, "planted");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r--r--r--"));
        Files.setAttribute(archive, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        ChildImage.forget();

        ChildImage again = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);

        assertEquals(0L, ((Number) Files.getAttribute(jar, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue(),
                "the copy owned by another user was replaced by root's");
        assertEquals(ChildImage.State.IDLE, again.state());
        assertFalse(Files.exists(archive, LinkOption.NOFOLLOW_LINKS));

        Files.setAttribute(cache, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        ChildImage.forget();
        ChildImage third = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);
        assertEquals(0L, ((Number) Files.getAttribute(cache, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue(),
                "a cache directory of another user is replaced");
        assertTrue(Files.isRegularFile(third.entries().get(0)));
    }

    @Test
    void cacheDirectoryWritableByOthers_open_isReplaced(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache");
        Files.createDirectory(cache);
        Path planted = Files.writeString(cache.resolve("planted"), "x");
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        ImageCache.open(cache);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache, LinkOption.NOFOLLOW_LINKS)));
        assertFalse(Files.exists(planted), "nothing of a directory others could write is kept");
    }

    @Test
    void changedClassPath_nextImage_getsANewEntry(@TempDir Path dir) throws IOException {
        Path cache = dir.resolve("cache");
        Path classes = Files.createDirectories(dir.resolve("classes/com/example")).getParent().getParent();
        Files.writeString(classes.resolve("com/example/app.properties"), "a=1");
        List<Path> cp = new ArrayList<>(ChildJvm.classPathOf(ChildImageTest.class));
        cp.add(classes);
        List<String> jvm = List.of("/bin/false", "-Dtest.image=changing");
        ChildImage first = ChildImage.of(jvm, true, cp, cache);
        ChildImage.forget();
        ChildImage same = ChildImage.of(jvm, true, cp, cache);
        assertEquals(first.archive(), same.archive(), "the same class path, JDK and options: the same entry");

        Files.writeString(classes.resolve("com/example/app.properties"), "a=2");
        ChildImage.forget();
        ChildImage changed = ChildImage.of(jvm, true, cp, cache);

        assertFalse(first.archive().equals(changed.archive()), "changed content: a new archive entry");
        assertFalse(first.classPath().equals(changed.classPath()), "... and a new packed jar");
        ChildImage.forget();
        ChildImage otherOptions = ChildImage.of(List.of("/bin/false", "-Dtest.image=other"), true, cp, cache);
        assertFalse(changed.archive().equals(otherOptions.archive()), "other JVM options: another entry");
    }

    @Test
    void archiveOfAnEarlierTestJvm_nextImage_isUsedAtOnce(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        jvm.addAll(ChildJvm.options(List.of()));
        ChildImage image = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);
        image.train();
        assertEquals(ChildImage.State.READY, settled(image), "training failed; see " + image.log());
        ChildImage.forget();

        ChildImage next = ChildImage.of(jvm, true, ChildJvm.classPathOf(ChildImageTest.class), cache);

        assertEquals(ChildImage.State.READY, next.state(), "a later test JVM maps the archive from its first child on");
        assertTrue(String.join(" ", next.command("Main", List.of())).contains("-XX:SharedArchiveFile=" + image.archive()));
    }

    @Test
    void sharingOptionOfTheUser_train_trainsNothingAndAddsNoArchive() throws IOException {
        ChildImage image = SelfTests.image(List.of("/bin/false", "-Xshare:off"), true);
        image.train();
        assertEquals(ChildImage.State.FAILED, image.state());
        assertFalse(String.join(" ", image.command("Main", List.of())).contains("SharedArchiveFile"));
    }

    @Test
    void sharingTurnedOff_train_trainsNothing() throws IOException {
        ChildImage image = SelfTests.image(List.of("/bin/false", "-Dtest.image=off"), false);
        image.train();
        assertEquals(ChildImage.State.FAILED, image.state());
    }

    @Test
    void failingTraining_command_startsChildrenWithoutTheArchive() throws Exception {
        ChildImage image = SelfTests.image(List.of("/bin/false", "-Dtest.image=failing"), true);
        image.train();
        assertEquals(ChildImage.State.FAILED, settled(image));
        List<String> cmd = image.command("Main", List.of("a"));
        assertFalse(String.join(" ", cmd).contains("SharedArchiveFile"), cmd.toString());
        assertEquals(List.of("-cp", image.classPath(), "Main", "a"), cmd.subList(cmd.size() - 4, cmd.size()));
    }

    @Test
    void trainedArchive_command_childrenMapIt() throws Exception {
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        jvm.addAll(ChildJvm.options(List.of()));
        ChildImage image = SelfTests.image(jvm, true);
        image.train();
        assertEquals(ChildImage.State.READY, settled(image), "training failed; see the log next to " + image.archive());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                image.archive().getParent(), LinkOption.NOFOLLOW_LINKS)));

        List<String> cmd = new ArrayList<>(image.command(JnrFloor.class.getName(), List.of()));
        assertTrue(cmd.contains("-XX:SharedArchiveFile=" + image.archive()), cmd.toString());
        cmd.add(1, "-Xlog:class+load=info:stdout");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("jnr.ffi.LibraryLoader source: shared objects file (top)"),
                "jnr-ffi's classes must come from the archive:\n" + out.lines().filter(l -> l.contains("jnr.ffi.Library"))
                        .reduce("", (a, b) -> a + b + "\n"));
        assertTrue(out.contains(JnrFloor.class.getName() + " source: "), "the class of a packed directory loads");
    }

    @Test
    void jffiOnTheClassPath_image_extractsItsStubOnceForChildrenToLoad() throws Exception {
        List<String> jvm = new ArrayList<>(JdkHomes.javaCommand(JdkHomes.current()));
        jvm.add("-Dtest.image=stub");
        ChildImage image = SelfTests.image(jvm, false);
        Path dir = image.stubDir();
        assertTrue(dir != null && Files.isDirectory(dir), "jffi's native jar is on the test class path");
        List<Path> stubs;
        try (var files = Files.list(dir)) {
            stubs = files.collect(Collectors.toList());
        }
        assertEquals(1, stubs.size(), stubs.toString());
        assertTrue(stubs.get(0).getFileName().toString().matches("libjffi-[0-9.]+\\.so"), stubs.toString());

        Process p = new ProcessBuilder(image.command(JffiMaps.class.getName(), List.of())).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.endsWith(" " + stubs.get(0))), "the child maps the extracted stub:\n" + out);

        List<String> own = new ArrayList<>(jvm);
        own.add("-D" + JffiStub.JFFI_PATH + "=/elsewhere");
        assertEquals(null, SelfTests.image(own, false).stubDir(), "a stub path of the test's own is left alone");
    }

    @Test
    void classPathWithoutAJffiStub_extract_findsNone(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("plain.jar");
        Files.createDirectories(dir.resolve("c/jni/x86_64-Linux"));
        try (OutputStream out = Files.newOutputStream(jar)) {
            DeterministicJar.write(dir.resolve("c"), out);
        }
        ImageCache cache = ImageCache.open(dir.resolve("cache"));
        assertTrue(JffiStub.extract(jar.toString(), cache).isEmpty());
        try (var files = Files.list(cache.dir())) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("jffi-")).count(), "no stub directory");
        }
    }

    /** Waits until the image's training has ended. */
    private static ChildImage.State settled(ChildImage image) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(100);
        while (image.state() == ChildImage.State.TRAINING && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return image.state();
    }
}
