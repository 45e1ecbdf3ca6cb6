package io.jail4j;

import java.util.List;
import java.util.Locale;

/**
 * The PRELOAD step of {@code enter()}: the default preload (unless {@link Jail#prepare()} ran it
 * already or the plan skips it), the plan's actions in order, then the class path: every loader
 * opened and the JDK's jar cache filled, or the class path mirrored into the jail.
 */
final class PreloadRun {
    private PreloadRun() {
    }

    /**
     * Runs the preloads and returns every class-path and module-path entry found.
     *
     * @param bindingWaitNanos how long {@code enter()} waited for the native binding, for the notes
     */
    static ClassPathAccess run(Plan plan, long bindingWaitNanos, List<String> notes, List<String> warnings)
            throws JailException {
        long waitStart = System.nanoTime();
        boolean defaultsDone = PrepareAhead.awaitDefaultPreload();
        if (defaultsDone) {
            long preloadWait = System.nanoTime() - waitStart;
            notes.add(String.format(Locale.ROOT, "Jail.prepare() ran the default preload early (%.1f ms on its own"
                    + " thread); enter() waited %.1f ms for it (%.1f ms for the native binding, %.1f ms for the preload)",
                    PrepareAhead.tookNanos() / 1e6, (bindingWaitNanos + preloadWait) / 1e6, bindingWaitNanos / 1e6,
                    preloadWait / 1e6));
        } else if (bindingWaitNanos > 1_000_000L) {
            notes.add(String.format(Locale.ROOT, "enter() waited %.1f ms for the native binding to load"
                    + " (Jail.prepare() at start-up loads it in the background)", bindingWaitNanos / 1e6));
        }
        if (plan.defaultPreload() && !defaultsDone) {
            long start = System.nanoTime();
            for (Runnable row : DefaultPreload.actions()) {
                runPreload(-1, row);
            }
            notes.add(String.format(Locale.ROOT, "default preload ran inline (%.1f ms); Jail.prepare() at start-up"
                    + " would take it off enter()'s time", (System.nanoTime() - start) / 1e6));
        } else if (!plan.defaultPreload()) {
            warnings.add("default preload skipped (withoutDefaultPreload()): TLS, crypto, time zones, NIO channels,"
                    + " logging and MXBeans first used after enter() may fail inside the jail");
        }
        List<Runnable> actions = plan.preloads();
        for (int i = 0; i < actions.size(); i++) {
            runPreload(i, actions.get(i));
        }
        return classPathAccess(plan, notes, warnings);
    }

    /**
     * Keeps every class-path and module-path entry usable inside the jail: opens every loader and
     * fills the JDK's jar cache; with {@code mirrorClassPath()}, copies the entries into the jail;
     * otherwise warns for each entry that code reopening it by path would not find there.
     */
    private static ClassPathAccess classPathAccess(Plan plan, List<String> notes, List<String> warnings)
            throws JailException {
        long start = System.nanoTime();
        ClassPathAccess classPath;
        int cached;
        try {
            classPath = ClassPathAccess.discover();
            cached = classPath.prime();
        } catch (RuntimeException e) {
            throw PreloadException.classPath("open every class-path and module-path entry, fill the JDK's jar cache", e);
        }
        long jars = classPath.entries().stream().filter(ClassPathAccess.Entry::jar).count();
        String primed = String.format(Locale.ROOT, "class path: %d entries (%d jars, %d in the JDK's jar cache"
                + " for getResource, ResourceBundle and jar: URLs; read-only descriptors)", classPath.entries().size(),
                jars, cached);
        if (plan.mirrorsClassPath()) {
            ClassPathMirror.Result r;
            try {
                r = ClassPathMirror.mirror(plan.dir(), classPath.entries());
            } catch (java.io.UncheckedIOException e) {
                throw new JailPathException(plan.dir(), "mirrorClassPath(): " + e.getMessage(), e);
            }
            notes.add(String.format(Locale.ROOT, "%s; mirrored into the jail at the same paths: %d files,"
                    + " %d copied (%.1f MB), in %.1f ms", primed, r.files(), r.copied(), r.bytesCopied() / 1e6,
                    (System.nanoTime() - start) / 1e6));
        } else {
            notes.add(String.format(Locale.ROOT, "%s, in %.1f ms", primed, (System.nanoTime() - start) / 1e6));
            try {
                warnings.addAll(classPath.unreachable(plan.dir()));
            } catch (RuntimeException e) {
                throw new JailPathException(plan.dir(), "enter(): cannot check whether the class path is inside the jail "
                        + plan.dir() + ": " + e.getMessage(), e);
            }
        }
        return classPath;
    }

    private static void runPreload(int index, Runnable action) throws PreloadException {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw (VirtualMachineError) e;
            }
            throw new PreloadException(index, String.valueOf(action), e);
        }
    }
}
