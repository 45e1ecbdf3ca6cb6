package io.jail4j;

import static io.jail4j.LearnLines.charLine;
import static io.jail4j.LearnLines.copyLine;
import static io.jail4j.LearnLines.directlyUnder;
import static io.jail4j.LearnLines.field;
import static io.jail4j.LearnLines.isCharDevice;
import static io.jail4j.LearnLines.isLibrary;
import static io.jail4j.LearnLines.literal;
import static io.jail4j.LearnLines.oneLine;
import static io.jail4j.LearnLines.under;
import static io.jail4j.NativeLoaders.loadersByName;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the plan learn mode has learned, by the rules {@link LearnPlan} documents: a plan call,
 * a layout line, or what cannot be covered, for each path the session saw.
 */
final class LearnPlanWriter {
    private LearnPlanWriter() {
    }

    /** One thing the plan says, with the paths that led to it. */
    private static final class Item {
        final List<String> evidence = new ArrayList<>();
    }

    /** Renders the plan for what {@code session} has seen so far. */
    static String render(LearnSession session) {
        LearnContext ctx = session.context();
        String jail = session.jail().toString();
        Map<String, Item> calls = new LinkedHashMap<>();
        Map<String, Item> layout = new LinkedHashMap<>();
        Map<String, Item> cannot = new LinkedHashMap<>();
        List<String> covered = new ArrayList<>();
        boolean lookups = false;
        Map<String, String> scanned = new java.util.HashMap<>();
        List<String> found;
        List<Seen> all = session.seen();
        for (Seen s : all) {
            String p = s.path;
            String why = evidence(s);
            Path host = Path.of(p);
            boolean exists = Files.exists(host, LinkOption.NOFOLLOW_LINKS);
            String tmp = ctx.tmpDir();
            lookups |= p.startsWith("/etc/hosts") || p.equals("/etc/resolv.conf") || p.equals("/etc/nsswitch.conf")
                    || p.equals("/etc/host.conf") || p.equals("/etc/gai.conf") || p.contains("/libnss_")
                    || p.contains("/libresolv");
            ClassPathAccess.Entry entry = classPathEntry(ctx, p);
            s.directory |= exists && Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
            if (s.opens == 0 && s.writes == 0 && !s.directory) {
                // a class-path jar only read through the descriptor its class loader holds
                if (entry != null && entry.jar() && s.byPath != null) {
                    add(calls, "Jail.mirrorClassPath()", why + "; read while " + s.byPath + " reopened it by path"
                            + " (the JDK served the reopen from the file it holds; in the jail the path is missing)");
                } else if (entry != null && entry.jar() && entry.services()) {
                    add(calls, "Jail.mirrorClassPath()", why + "; a jar with META-INF/services read after enter():"
                            + " ServiceLoader reopens such jars by path, which learn mode cannot tell from class loading");
                } else {
                    covered.add(why + ": read through the class loader's open file");
                }
            } else if (s.opens == 0 && !s.directory) {
                covered.add(why + ": only through a descriptor opened before enter() (standard streams and"
                        + " keep() stay usable; closeFds() points other host files at /dev/null in a jailed run)");
            } else if (s.writes > 0 && !isLibrary(p)) {
                if (tmp != null && directlyUnder(p, tmp)) {
                    tmpDir(ctx, jail, tmp, layout, covered, why);
                } else {
                    add(cannot, p + ": written after enter(); a jailed process cannot write host files. FIX: keep it"
                            + " inside the jail (declare its directory with a layout line \"data DIR "
                            + owner(ctx) + " 0750 -- why\" and point the daemon at DIR), or open it before enter() and keep"
                            + " the descriptor with Jail.insecureKeepWritable(Path.of(\"" + p + "\"), why)"
                            + (tmp != null && under(p, tmp) ? " (below java.io.tmpdir: if the daemon makes that directory"
                            + " itself after enter(), the jail's own " + tmp + " is enough)" : ""), why);
                }
            } else if (isLibrary(p) || s.exec) {
                boolean extracted = !exists || tmp != null && under(p, tmp);
                if (extracted && !(found = loadersByName(ctx, p, scanned)).isEmpty()) {
                    for (String cls : found) {
                        add(calls, "Preload.initialize(" + literal(cls) + ")", why + "; extracted from a jar and loaded"
                                + " after enter(); " + cls + " names the library (" + scanned.get("\0why:" + p) + ")");
                    }
                } else if (s.initializer != null) {
                    add(calls, "Preload.initialize(" + literal(s.initializer) + ")", why + "; loaded by the static"
                            + " initialiser of " + s.initializer);
                } else if (exists && !(tmp != null && under(p, tmp))) {
                    add(layout, copyLine(p, host), why + "; loaded by native code or a class not seen on any stack");
                } else {
                    add(cannot, p + ": a native library extracted and loaded after enter() by code learn mode did not"
                            + " catch on a stack. FIX: find the class whose static initialiser loads it (see the trigger)"
                            + " and add Preload.initialize(\"that.Class\")", why);
                }
            } else if (entry != null && entry.jar()) {
                add(calls, "Jail.mirrorClassPath()", why + "; a class-path jar reopened by its path");
            } else if (entry != null) {
                String name = p.substring(entry.path().toString().length() + 1);
                if (name.endsWith(".class") && !s.directory) {
                    String cls = name.substring(0, name.length() - 6).replace('/', '.');
                    add(calls, "Preload.classes(" + literal(cls) + ")", why + "; a class of the class-path directory "
                            + entry.path());
                } else {
                    add(calls, "Jail.mirrorClassPath()", why + "; read from the class-path directory " + entry.path());
                }
            } else if (s.directory) {
                if (p.equals("/")) {
                    covered.add(why + ": the jail has a root of its own (its content is the jail's)");
                } else if (tmp != null && under(p, tmp) && p.length() <= tmp.length() + 1) {
                    tmpDir(ctx, jail, tmp, layout, covered, why);
                } else if (exists) {
                    add(layout, "dir " + field(p) + " root:root 0755", why + "; a directory opened (listed) after"
                            + " enter(): files below it that were read have lines of their own");
                } else {
                    add(cannot, p + ": a directory opened after enter() that no longer exists. FIX: create it inside"
                            + " the jail if the daemon needs it", why);
                }
            } else if (exists && Files.isRegularFile(host)) {
                add(layout, copyLine(p, host), why);
            } else if (exists && p.startsWith("/dev/") && isCharDevice(host)) {
                add(layout, charLine(p, host), why + "; a device node");
            } else if (tmp != null && under(p, tmp)) {
                tmpDir(ctx, jail, tmp, layout, covered, why);
            } else {
                add(cannot, p + ": opened after enter() and no longer there (a temporary file?). FIX: let the daemon"
                        + " create such files inside the jail (java.io.tmpdir, a data directory)", why);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# jail4j learn plan for the jail ").append(jail).append(", target ").append(ctx.target())
                .append('\n');
        out.append("# ").append(session.summary()).append('\n');
        out.append("# NOT A JAILED RUN: the process ran without the chroot. Apply this plan, run the same traffic\n");
        out.append("# jailed, and learn again if something still fails. Learn mode is for a test environment.\n");
        out.append("#\n# == Plan calls: add them to the Jail plan before enter() (lines starting \"#> \") ==\n");
        if (calls.isEmpty()) {
            out.append("# (none)\n");
        }
        calls.forEach((call, item) -> {
            out.append("#> ").append(call).append('\n');
            item.evidence.forEach(e -> out.append("#     ").append(oneLine(e)).append('\n'));
        });
        out.append("#\n# == Layout lines (this file is a layout spec: ./jail4j layout reads it; parents are added) ==\n");
        if (layout.isEmpty()) {
            out.append("# (none)\n");
        }
        layout.forEach((line, item) -> out.append(line).append(" -- learn: ")
                .append(oneLine(String.join("; ", item.evidence))).append('\n'));
        if (lookups) {
            out.append("# host name lookups ran after enter(): the copies of /etc/hosts, /etc/resolv.conf,\n"
                    + "# /etc/nsswitch.conf and libnss_* above let glibc resolve inside the jail; learn mode does not\n"
                    + "# see the names (Preload.hosts(names) keeps their answers for networkaddress.cache.ttl only)\n");
        }
        out.append("#\n# == Cannot cover: fix by hand (lines starting \"#! \") ==\n");
        if (cannot.isEmpty()) {
            out.append("# (none)\n");
        }
        cannot.forEach((what, item) -> {
            out.append("#! ").append(oneLine(what)).append('\n');
            item.evidence.forEach(e -> out.append("#     ").append(oneLine(e)).append('\n'));
        });
        out.append("#\n# == Covered already ==\n");
        if (covered.isEmpty()) {
            out.append("# (nothing else)\n");
        }
        covered.forEach(c -> out.append("# ").append(oneLine(c)).append('\n'));
        out.append("#\n# == Not seen by learn mode ==\n"
                + "# stat-only probes (exists, isDirectory, getattr) and failed opens: the kernel reports only opens\n"
                + "#   that succeed; look for code that checks a path and then does nothing\n"
                + "# code paths this run's traffic never exercised\n"
                + "# descriptors opened before enter() (they stay open; closeFds() neutralises host files in a jailed\n"
                + "#   run: keep() what the daemon reads after enter())\n"
                + "# host names themselves (see above) and anything outside the file system\n");
        for (String u : session.unwatched()) {
            out.append("# not watched: ").append(oneLine(u)).append('\n');
        }
        return out.toString();
    }

    private static void tmpDir(LearnContext ctx, String jail, String tmp, Map<String, Item> layout,
            List<String> covered, String why) {
        if (Files.isDirectory(Path.of(jail + tmp))) {
            covered.add(why + ": the jail has " + tmp + " (java.io.tmpdir)");
        } else {
            add(layout, "dir " + field(tmp) + " root:root 1777", why + "; java.io.tmpdir, written after enter()");
        }
    }

    private static String owner(LearnContext ctx) {
        return ctx.target().uid() + ":" + ctx.target().gid();
    }

    private static ClassPathAccess.Entry classPathEntry(LearnContext ctx, String p) {
        for (ClassPathAccess.Entry e : ctx.classPath()) {
            String path = e.path().toString();
            if (e.jar() ? p.equals(path) : under(p, path)) {
                return e;
            }
        }
        return null;
    }

    private static void add(Map<String, Item> items, String key, String evidence) {
        items.computeIfAbsent(key, k -> new Item()).evidence.add(evidence);
    }

    private static String evidence(Seen s) {
        StringBuilder b = new StringBuilder(s.path).append(": ");
        b.append(s.directory ? "directory opened " : "opened ").append(s.opens).append(s.opens == 1 ? " time" : " times");
        if (s.reads > 0) {
            b.append(", read through an earlier descriptor ").append(s.reads).append(s.reads == 1 ? " time" : " times");
        }
        if (s.writes > 0) {
            b.append(", written ").append(s.writes).append(s.writes == 1 ? " time" : " times");
        }
        b.append(String.format(Locale.ROOT, ", first %.2f s after enter()", s.firstNanos / 1e9));
        b.append(s.trigger == null ? "" : ", by " + s.trigger);
        return b.toString();
    }
}
