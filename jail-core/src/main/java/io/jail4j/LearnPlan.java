package io.jail4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The plan learn mode writes ({@link Jail#learn(Path)}), and the way to read it back and apply it.
 *
 * <p>The file is a layout spec ({@code ./jail4j layout} reads it as it is; see
 * {@link io.jail4j.layout.JailLayout#parse(String)}): the layout lines are its only lines not
 * starting with {@code #}. The plan calls are comment lines starting with {@code #> }, one Java
 * expression each ({@code Jail.mirrorClassPath()}, {@code Preload.initialize("a.b.C")},
 * {@code Preload.classes(..)}), each followed by what triggered it; what no call or layout line
 * can cover starts with {@code #! } and says the fix.
 *
 * <p>How a path maps to an item, first rule that applies:
 * <ol>
 *   <li>a class-path jar only read through the descriptor its class loader holds (no open):
 *       {@code Jail.mirrorClassPath()} when a thread was seen reopening a jar by path at that
 *       moment ({@code ServiceLoader}, a {@code jar:} URL without caches, {@code new JarFile}: the
 *       JDK serves such a reopen from the file it already holds, after a {@code stat} of the path
 *       that fails in the jail), or when the jar has {@code META-INF/services} (a probable
 *       {@code ServiceLoader} lookup: safe rather than sorry); otherwise covered;</li>
 *   <li>any other file only written through a descriptor opened before {@code enter()} (no open
 *       seen): nothing to do, listed as covered;</li>
 *   <li>a file written after {@code enter()}: directly in {@code java.io.tmpdir} it needs the
 *       jail's temporary directory (a {@code dir} line unless the jail has it); elsewhere, deeper
 *       below {@code java.io.tmpdir} included, it cannot be covered (a jailed process cannot
 *       write host files, and whether the daemon makes a directory itself is not seen): move it
 *       into the jail or keep a descriptor opened before {@code enter()};</li>
 *   <li>a native library ({@code .so}, or executed), written or not: {@code Preload.initialize(C)}
 *       when the thread that loaded it had the static initialiser of class C on its stack (the
 *       innermost one); otherwise a {@code copy} line to the same path when it still exists outside
 *       {@code java.io.tmpdir} (loaded by native code, {@code dlopen}, which finds the copy inside
 *       the jail); otherwise, for a library extracted from a class-path jar
 *       ({@code META-INF/native/libNAME.so}, extracted as {@code libNAME<digits>.so}),
 *       {@code Preload.initialize} of every class of the class-path jars whose constant pool names
 *       it (NAME, or NAME cut at an underscore: an architecture suffix added at run time);
 *       otherwise it cannot be covered;</li>
 *   <li>a class-path jar reopened by its path: {@code Jail.mirrorClassPath()};</li>
 *   <li>a file in a class-path directory: {@code Preload.classes(name)} for a class file,
 *       {@code Jail.mirrorClassPath()} for anything else;</li>
 *   <li>a directory opened (listed): a {@code dir} line (the files below it that were read have
 *       lines of their own; others are not known);</li>
 *   <li>a character device: a {@code char} line with the host's numbers;</li>
 *   <li>any other file that still exists: a {@code copy} line to the same path (the JDK's own
 *       files, {@code /etc/hosts}, {@code /etc/resolv.conf}, {@code /etc/nsswitch.conf} and
 *       {@code libnss_*} for name lookups, configuration files); one that is gone cannot be
 *       covered.</li>
 * </ol>
 */
public final class LearnPlan {
    private static final Pattern LIBRARY = Pattern.compile(".*\\.so(\\.[0-9][0-9.]*)?$");
    private static final Pattern CALL = Pattern.compile("(Jail\\.mirrorClassPath|Preload\\.(classes|initialize|libraries"
            + "|resources|hosts|packages))\\((.*)\\)");

    private final List<String> calls;
    private final List<String> layoutLines;
    private final List<String> cannotCover;

    private LearnPlan(List<String> calls, List<String> layoutLines, List<String> cannotCover) {
        this.calls = List.copyOf(calls);
        this.layoutLines = List.copyOf(layoutLines);
        this.cannotCover = List.copyOf(cannotCover);
    }

    /**
     * Reads a plan file learn mode wrote.
     *
     * @param file the plan file, read as UTF-8
     * @return the plan's calls, layout lines and what it cannot cover, each in the file's order
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException naming the line, if a {@code #> } line is not a call this
     *                                  class knows
     */
    public static LearnPlan read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the text of a plan file; see {@link #read(Path)}.
     *
     * @param text the content of a plan file, lines separated by {@code \n}
     * @return the plan's calls, layout lines and what it cannot cover, each in the text's order
     * @throws IllegalArgumentException naming the line, if a {@code #> } line is not a call this
     *                                  class knows
     * @throws NullPointerException     if {@code text} is null
     */
    public static LearnPlan parse(String text) {
        List<String> calls = new ArrayList<>();
        List<String> layout = new ArrayList<>();
        List<String> cannot = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#> ")) {
                String call = line.substring(3).strip();
                toAction(call, i + 1); // fails early on a call this class cannot apply
                calls.add(call);
            } else if (line.startsWith("#! ")) {
                cannot.add(line.substring(3).strip());
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                layout.add(line);
            }
        }
        return new LearnPlan(calls, layout, cannot);
    }

    /**
     * Returns the plan calls, such as {@code Preload.initialize("io.netty.channel.epoll.Epoll")}.
     *
     * @return an unmodifiable list of the Java calls, without the {@code #> } prefix; empty if none
     */
    public List<String> calls() {
        return calls;
    }

    /**
     * Returns the layout lines, in the layout spec format.
     *
     * @return an unmodifiable list of the lines that are neither comments nor blank, stripped
     */
    public List<String> layoutLines() {
        return layoutLines;
    }

    /**
     * Returns the layout lines as a spec for {@link io.jail4j.layout.JailLayout#parse(String)}.
     *
     * @return the layout lines joined, each ended by a newline; {@code ""} if there are none
     */
    public String layoutSpec() {
        return layoutLines.isEmpty() ? "" : String.join("\n", layoutLines) + "\n";
    }

    /**
     * Returns what the plan says it cannot cover, each with its fix.
     *
     * @return an unmodifiable list of the {@code #! } lines without that prefix; empty if none
     */
    public List<String> cannotCover() {
        return cannotCover;
    }

    /**
     * Returns {@code plan} with the plan calls applied: every {@code Preload} call added as a
     * preload action, in the plan's order, and {@code mirrorClassPath()} if the plan has it. The
     * layout lines are not applied here: apply them to the jail with
     * {@code JailLayout.parse(plan.layoutSpec()).apply(dir)} or {@code ./jail4j layout}.
     *
     * @param plan the plan to extend, typically one with its jail directory and drop target set
     * @return a new plan with the calls applied; {@code plan} itself when there are no calls
     * @throws NullPointerException if {@code plan} is null
     */
    public Jail applyTo(Jail plan) {
        Objects.requireNonNull(plan, "applyTo: plan");
        Jail out = plan;
        for (int i = 0; i < calls.size(); i++) {
            Object action = toAction(calls.get(i), i + 1);
            if (action == null) {
                out = out.mirrorClassPath();
            } else {
                out = out.preload((Preload) action);
            }
        }
        return out;
    }

    /** Returns the {@link Preload} a call stands for, or null for {@code Jail.mirrorClassPath()}. */
    private static Preload toAction(String call, int line) {
        java.util.regex.Matcher m = CALL.matcher(call);
        if (!m.matches()) {
            throw new IllegalArgumentException("plan line " + line + ": \"" + call + "\" is not a plan call"
                    + " (expected Jail.mirrorClassPath() or Preload.classes|initialize|libraries|resources|hosts|packages"
                    + " with string arguments)");
        }
        List<String> args = strings(m.group(3), line);
        if (m.group(2) == null) {
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("plan line " + line + ": Jail.mirrorClassPath() takes no argument");
            }
            return null;
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("plan line " + line + ": " + m.group(1) + " needs at least one name");
        }
        String[] a = args.toArray(new String[0]);
        switch (m.group(2)) {
            case "classes": return Preload.classes(a);
            case "initialize": return Preload.initialize(a);
            case "libraries": return Preload.libraries(a);
            case "resources": return Preload.resources(a);
            case "hosts": return Preload.hosts(a);
            default: return Preload.packages(a);
        }
    }

    /** Parses {@code "a", "b"} with Java escapes ({@code \\ \" \n \t \\uXXXX}). */
    private static List<String> strings(String text, int line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= text.length()) {
                return out;
            }
            if (!out.isEmpty()) {
                if (text.charAt(i) != ',') {
                    throw new IllegalArgumentException("plan line " + line + ": expected ',' at \"" + text.substring(i) + "\"");
                }
                i++;
                while (i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
            }
            if (i >= text.length() || text.charAt(i) != '"') {
                throw new IllegalArgumentException("plan line " + line + ": expected a string literal at \""
                        + text.substring(Math.min(i, text.length())) + "\"");
            }
            StringBuilder b = new StringBuilder();
            for (i++; ; i++) {
                if (i >= text.length()) {
                    throw new IllegalArgumentException("plan line " + line + ": unterminated string");
                }
                char c = text.charAt(i);
                if (c == '"') {
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < text.length()) {
                    char x = text.charAt(++i);
                    if (x == 'u' && i + 4 < text.length()) {
                        b.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        b.append(x == 'n' ? '\n' : x == 't' ? '\t' : x);
                    }
                } else {
                    b.append(c);
                }
            }
            out.add(b.toString());
        }
    }

    // ---- writing ------------------------------------------------------------------------------------

    static boolean isLibrary(String path) {
        return LIBRARY.matcher(path).matches();
    }

    /** Returns whether {@code path} names an entry of the directory {@code dir} itself. */
    static boolean directlyUnder(String path, String dir) {
        Path parent = Path.of(path).getParent();
        return parent != null && parent.toString().equals(dir);
    }

    /** Returns whether {@code path} is {@code dir} or below it. */
    static boolean under(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
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
        List<LearnSession.Seen> all = session.seen();
        for (LearnSession.Seen s : all) {
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

    /**
     * Finds the classes that name a native library extracted from a jar: the library's file name
     * without {@code lib}, {@code .so} and the random digits an extractor adds must start with the
     * name of a {@code .so} entry of a class-path jar ({@code META-INF/native/libNAME.so}); the
     * classes of the class-path jars whose constant pool holds NAME, or NAME cut at an underscore
     * (an architecture suffix the code adds at run time), from the longest, are the loaders.
     * Returns an empty list when nothing matches.
     */
    private static List<String> loadersByName(LearnContext ctx, String path, Map<String, String> notes) {
        String file = Path.of(path).getFileName().toString();
        if (!file.startsWith("lib") || !file.contains(".so")) {
            return List.of();
        }
        String base = file.substring(3, file.indexOf(".so"));
        String resource = null;
        List<Path> jars = new ArrayList<>();
        for (ClassPathAccess.Entry e : ctx.classPath()) {
            if (e.jar()) {
                jars.add(e.path());
            }
        }
        for (Path jar : jars) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                for (java.util.Enumeration<? extends java.util.zip.ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                    String name = en.nextElement().getName();
                    String leaf = name.substring(name.lastIndexOf('/') + 1);
                    if (leaf.startsWith("lib") && leaf.endsWith(".so")) {
                        String lib = leaf.substring(3, leaf.length() - 3);
                        if (base.startsWith(lib) && (resource == null || lib.length() > resource.length())) {
                            resource = lib;
                            notes.put("\0why:" + path, "the library comes from " + jar.getFileName() + "!/" + name);
                        }
                    }
                }
            } catch (IOException e) {
                // an unreadable jar names nothing
            }
        }
        if (resource == null) {
            return List.of();
        }
        for (String name = resource; name.indexOf('_') > 0; name = name.substring(0, name.lastIndexOf('_'))) {
            byte[] needle = name.getBytes(StandardCharsets.UTF_8);
            List<String> classes = new ArrayList<>();
            for (Path jar : jars) {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                    for (java.util.Enumeration<? extends java.util.zip.ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                        java.util.zip.ZipEntry entry = en.nextElement();
                        String n = entry.getName();
                        if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
                            continue;
                        }
                        try (java.io.InputStream in = zip.getInputStream(entry)) {
                            if (contains(in.readAllBytes(), needle)) {
                                classes.add(n.substring(0, n.length() - 6).replace('/', '.'));
                            }
                        }
                    }
                } catch (IOException e) {
                    // an unreadable jar names nothing
                }
            }
            if (!classes.isEmpty()) {
                notes.put("\0why:" + path, notes.get("\0why:" + path) + "; its name \"" + name + "\" is in the class");
                return classes;
            }
        }
        return List.of();
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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

    private static String evidence(LearnSession.Seen s) {
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

    private static String copyLine(String p, Path host) {
        int mode;
        String owner = "root:root";
        try {
            int hostMode = (Integer) Files.getAttribute(host, "unix:mode") & 0777;
            mode = hostMode & 0444;
            if ((hostMode & 04) == 0) {
                owner = Files.getAttribute(host, "unix:uid") + ":" + Files.getAttribute(host, "unix:gid");
            } else {
                mode = 0444;
            }
        } catch (IOException | RuntimeException e) {
            mode = 0444;
        }
        return "copy " + field(p) + " " + owner + " " + String.format("%04o", mode) + " " + field(p);
    }

    private static boolean isCharDevice(Path host) {
        try {
            return ((Integer) Files.getAttribute(host, "unix:mode") & 0170000) == 0020000;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String charLine(String p, Path host) {
        try {
            long rdev = (Long) Files.getAttribute(host, "unix:rdev");
            int mode = (Integer) Files.getAttribute(host, "unix:mode") & 0666;
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return "char " + field(p) + " root:root " + String.format("%04o", mode) + " " + major + ":" + minor;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the device numbers of " + p + ": " + e, e);
        }
    }

    /** Quotes a layout field when it needs it (whitespace, quotes, backslashes, control characters). */
    static String field(String s) {
        boolean plain = !s.isEmpty() && !s.equals("--") && !s.startsWith("#");
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c != '"' && c != '\\' && c < 0x7f;
        }
        if (plain) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < ' ' || c >= 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        return b.append('"').toString();
    }

    private static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ' || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** Returns the calls, layout lines and unresolved items, for people. */
    @Override
    public String toString() {
        return "LearnPlan calls " + calls + ", layout " + layoutLines + ", cannot cover " + cannotCover;
    }
}
