package io.jail4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Returns the calls, layout lines and unresolved items, for people. */
    @Override
    public String toString() {
        return "LearnPlan calls " + calls + ", layout " + layoutLines + ", cannot cover " + cannotCover;
    }
}
