package io.jail4j;

import java.util.Map;

/**
 * Looks at the other threads' stacks for what opened a file learn mode saw: the application
 * frame that triggered it, the static initialiser that loaded a native library, or a reopen of
 * a jar by its path.
 */
final class LearnStacks {
    /** The thread rendering a plan (it reads class-path jars): never taken for the daemon's. */
    static volatile Thread renderer;

    private LearnStacks() {
    }

    /**
     * Looks at every other thread's stack for the one that opens a file (or loads a native
     * library): returns its first application frame and, for a library, the innermost class whose
     * static initialiser is on the stack above the loading frames (for a library outside the JDK,
     * the innermost such class outside the JDK: a JDK class loading its own library at the same
     * time is no loader of it); null where not found.
     */
    static String[] sampleStacks(boolean library, boolean jdkLibrary) {
        Thread self = Thread.currentThread();
        String trigger = null;
        String initializer = null;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (ours(e.getKey(), self)) {
                continue;
            }
            StackTraceElement[] stack = e.getValue();
            int at = -1;
            for (int i = 0; i < stack.length && at < 0; i++) {
                if (library ? loadsLibrary(stack[i]) : opensFile(stack[i])) {
                    at = i;
                }
            }
            if (at < 0) {
                continue;
            }
            for (int i = at; i < stack.length; i++) {
                if (library && initializer == null && "<clinit>".equals(stack[i].getMethodName())
                        && (jdkLibrary || !platform(stack[i].getClassName()))) {
                    initializer = stack[i].getClassName();
                }
                if (trigger == null && !platform(stack[i].getClassName())) {
                    trigger = stack[i].toString() + " on thread \"" + e.getKey().getName() + "\"";
                }
            }
            if (trigger != null && (!library || initializer != null)) {
                break;
            }
        }
        return new String[] {trigger, initializer};
    }

    /**
     * Looks at every other thread's stack for one that reopens a jar by its path through the
     * JDK's shared open file: {@code ServiceLoader}, a {@code jar:} URL connection without caches,
     * {@code new JarFile(path)} or {@code new ZipFile(path)}. Returns that frame with the thread's
     * first application frame, or null.
     */
    static String sampleReopens() {
        Thread self = Thread.currentThread();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (ours(e.getKey(), self)) {
                continue;
            }
            StackTraceElement[] stack = e.getValue();
            for (int i = 0; i < stack.length; i++) {
                String c = stack[i].getClassName();
                String m = stack[i].getMethodName();
                boolean reopen = c.startsWith("java.util.ServiceLoader") || c.equals("sun.net.www.protocol.jar.URLJarFile")
                        || c.equals("sun.net.www.protocol.jar.JarFileFactory")
                        || (c.equals("java.util.zip.ZipFile") || c.equals("java.util.jar.JarFile")) && m.equals("<init>");
                if (reopen) {
                    String app = null;
                    for (int j = i; j < stack.length && app == null; j++) {
                        if (!platform(stack[j].getClassName())) {
                            app = stack[j].toString();
                        }
                    }
                    return stack[i] + (app == null ? "" : " from " + app) + " on thread \"" + e.getKey().getName() + "\"";
                }
            }
        }
        return null;
    }

    /** Returns whether a thread is learn mode's own: the reader, its timer and hook, a plan renderer. */
    private static boolean ours(Thread t, Thread self) {
        return t == self || t == renderer || t.getName().startsWith("jail4j-learn");
    }

    private static boolean loadsLibrary(StackTraceElement f) {
        String c = f.getClassName();
        String m = f.getMethodName();
        return (c.equals("java.lang.System") || c.equals("java.lang.Runtime") || c.startsWith("java.lang.ClassLoader")
                || c.startsWith("jdk.internal.loader.NativeLibrar")) && m.startsWith("load")
                || c.contains("NativeLibrary") || m.startsWith("loadNative") || m.equals("loadLibrary");
    }

    private static boolean opensFile(StackTraceElement f) {
        String c = f.getClassName();
        String m = f.getMethodName();
        return m.startsWith("open") && (c.equals("java.io.FileInputStream") || c.equals("java.io.FileOutputStream")
                || c.equals("java.io.RandomAccessFile") || c.equals("sun.nio.fs.UnixNativeDispatcher")
                || c.equals("sun.nio.fs.UnixChannelFactory") || c.startsWith("java.util.zip.ZipFile"))
                || c.startsWith("java.util.zip.ZipFile$Source") || c.startsWith("jdk.nio.zipfs.ZipFileSystem")
                || c.equals("sun.nio.fs.UnixDirectoryStream") || c.equals("java.io.UnixFileSystem") && m.startsWith("list")
                || loadsLibrary(f);
    }

    /** Returns whether a class belongs to the JDK or jail4j (not a frame that triggers anything itself). */
    static boolean platform(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.") || className.startsWith("io.jail4j.")
                && !className.startsWith("io.jail4j.frameworks.") && !className.startsWith("io.jail4j.examples.");
    }
}
