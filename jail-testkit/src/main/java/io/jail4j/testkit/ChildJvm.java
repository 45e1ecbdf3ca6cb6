package io.jail4j.testkit;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a jailed child's JVM starts with besides the user's options: the testkit's JVM options and
 * the host class path of the test class ({@link ChildClassPath}, found once per class loader).
 */
final class ChildJvm {
    /**
     * Options before the user's, for a JVM that lives about a quarter of a second and is bound by
     * CPU: one GC thread; C1 only, on one compiler thread, compiling only what runs eight times
     * as often as by default (C2's threads and eager compilation cost more CPU than they save at
     * this length); jnr-ffi binding by reflection instead of generating classes (about 40 ms of
     * CPU less per child); and no perf data, so that no writable mapping of a host file
     * ({@code /tmp/hsperfdata_USER/PID}) is kept while jailed. Each can be overridden through
     * {@link Jailed#jvmArgs()}.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:CompileThresholdScaling=8", "-XX:-UsePerfData", "-Djnr.ffi.asm.enabled=false");

    /**
     * Returns the testkit's options for a child with these user options: without the compiler
     * thread count when the user's options choose the compilers (one thread is valid for C1 only).
     */
    static List<String> options(List<String> user) {
        boolean compilers = user.stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel")
                || o.startsWith("-XX:+TieredCompilation") || o.startsWith("-XX:-TieredCompilation")
                || o.startsWith("-XX:CICompilerCount"));
        List<String> out = new ArrayList<>(JVM_OPTIONS);
        if (compilers) {
            out.remove("-XX:CICompilerCount=1");
        }
        return out;
    }

    private static final Map<List<Object>, List<Path>> CLASS_PATHS = new HashMap<>();

    private ChildJvm() {
    }

    /** Forgets the class paths found, as a new test JVM starts without them (for measurements). */
    static synchronized void forgetClassPaths() {
        CLASS_PATHS.clear();
    }

    /** Returns the host class path a child of {@code testClass} needs, found once per class loader and class path. */
    static synchronized List<Path> classPathOf(Class<?> testClass) {
        List<Object> key = List.of(System.getProperty("java.class.path", ""), testClass.getClassLoader() == null
                ? "boot" : testClass.getClassLoader());
        List<Path> known = CLASS_PATHS.get(key);
        if (known == null) {
            known = ChildClassPath.of(testClass);
            CLASS_PATHS.put(key, known);
        }
        return known;
    }

    /** Returns this JVM's class path with every entry absolute (the child runs in {@code /}). */
    static String classPath() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            out.add(Path.of(entry.isEmpty() ? "." : entry).toAbsolutePath().normalize().toString());
        }
        return String.join(File.pathSeparator, out);
    }
}
