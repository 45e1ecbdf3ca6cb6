package io.jail4j.tcpd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options field of a rule ({@code daemons : clients : options}), parsed at load as Debian's
 * libwrap {@code process_options} parses it at check time: fields separated by {@code :}
 * ({@code \:} is a literal colon), each {@code name value} or {@code name = value}. libwrap's
 * own errors (an empty field, an unknown name, a missing or extra value, {@code allow} or
 * {@code deny} not last, a bad number or syslog level) make a matching rule deny access, exactly
 * as there; they are also listed as load warnings.
 *
 * <p>Options that would run a shell ({@code spawn}, {@code twist}, {@code aclexec}) or change the
 * whole process ({@code user}, {@code group}, {@code umask}, {@code nice}, {@code setenv}) make the
 * load fail unless an {@link OptionHandler} is registered for them.
 */
final class Options {
    static final int NEED_ARG = 2;
    static final int USE_LAST = 4;
    static final int OPT_ARG = 8;
    static final int EXPAND_ARG = 16;

    /** Option names and flags, in libwrap's table order. */
    static final Map<String, Integer> TABLE = Map.ofEntries(
            Map.entry("user", NEED_ARG), Map.entry("group", NEED_ARG), Map.entry("umask", NEED_ARG),
            Map.entry("linger", NEED_ARG), Map.entry("keepalive", 0), Map.entry("aclexec", NEED_ARG | EXPAND_ARG),
            Map.entry("spawn", NEED_ARG | EXPAND_ARG), Map.entry("twist", NEED_ARG | USE_LAST | EXPAND_ARG),
            Map.entry("rfc931", OPT_ARG), Map.entry("setenv", NEED_ARG | EXPAND_ARG), Map.entry("nice", OPT_ARG),
            Map.entry("severity", NEED_ARG), Map.entry("allow", USE_LAST), Map.entry("deny", USE_LAST),
            Map.entry("banners", NEED_ARG));

    /** Options that run a shell or change the process: refused unless handled. */
    static final List<String> HANDLED = List.of("spawn", "twist", "aclexec", "user", "group", "umask", "nice", "setenv");

    /** One step of a rule's options, in order; a step with an error ends the options (deny). */
    static final class Step {
        final String written;
        final String key;
        final String value;
        final boolean expand;
        final String error;
        /** Whether libwrap finds {@link #error} while running the option (after logging it). */
        final boolean late;
        final OptionHandler handler;
        final Banners banners;

        Step(String written, String key, String value, boolean expand, String error, boolean late,
             OptionHandler handler, Banners banners) {
            this.written = written;
            this.late = late;
            this.key = key;
            this.value = value;
            this.expand = expand;
            this.error = error;
            this.handler = handler;
            this.banners = banners;
        }
    }

    final List<Step> steps;

    private Options(List<Step> steps) {
        this.steps = steps;
    }

    /**
     * Parses an options field (a byte string, with its trailing newline) of the rule at
     * {@code file}, {@code line}.
     */
    static Options parse(String field, Path file, int line, LoadContext ctx) throws HostsFileException {
        Map<String, OptionHandler> handlers = ctx.handlers;
        List<Diagnostic> warnings = ctx.notes;
        List<String> fields = fields(field, file, line, warnings);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            boolean last = i + 1 == fields.size();
            String opt = chop(fields.get(i));
            int cut = indexOfAny(opt, "= \t\r\n");
            String key = cut < 0 ? opt : opt.substring(0, cut);
            String value = null;
            if (cut >= 0) {
                int v = cut;
                if (opt.charAt(v) != '=') {
                    v = skip(opt, v + 1);
                }
                if (v < opt.length() && opt.charAt(v) == '=') {
                    v = skip(opt, v + 1);
                }
                value = v < opt.length() ? opt.substring(v) : null;
            }
            String error = check(key, value, last);
            String lowered = CText.lower(key);
            OptionHandler handler = null;
            Banners banners = null;
            if (error == null && HANDLED.contains(lowered)) {
                handler = handlers.get(lowered);
                if (handler == null) {
                    throw new HostsFileException(file, line, "option \"" + CText.printable(key) + "\" would "
                            + (lowered.equals("spawn") || lowered.equals("twist") || lowered.equals("aclexec")
                            ? "run a shell command" : "change the whole process")
                            + "; register an OptionHandler for \"" + lowered + "\" to accept it");
                }
            }
            boolean late = false;
            if (error == null && value != null) {
                error = valueError(lowered, value);
                late = error != null;
            }
            if (error == null && lowered.equals("banners")) {
                banners = Banners.load(Path.of(CText.text(value)), ctx.stamps);
            }
            if (error != null) {
                warnings.add(Diagnostic.error(file.toString(), line, error));
            }
            int flags = TABLE.getOrDefault(lowered, 0);
            steps.add(new Step(key, lowered, value, (flags & EXPAND_ARG) != 0 && value != null, error, late,
                    handler, banners));
            if (error != null) {
                break;
            }
        }
        return new Options(List.copyOf(steps));
    }

    /** The errors libwrap's {@code process_options} checks before running an option. */
    private static String check(String key, String value, boolean last) {
        if (key.isEmpty()) {
            return "missing option name";
        }
        Integer flags = TABLE.get(CText.lower(key));
        if (flags == null) {
            return "bad option name: \"" + CText.printable(key) + "\"";
        }
        if (value == null && (flags & NEED_ARG) != 0) {
            return "option \"" + CText.printable(key) + "\" requires value";
        }
        if (value != null && (flags & (NEED_ARG | OPT_ARG)) == 0) {
            return "option \"" + CText.printable(key) + "\" requires no value";
        }
        if (!last && (flags & USE_LAST) != 0) {
            return "option \"" + CText.printable(key) + "\" must be at end";
        }
        return null;
    }

    /** The value checks libwrap makes while running an option (none for expanded values). */
    private static String valueError(String key, String value) {
        String v = CText.printable(value);
        switch (key) {
            case "umask":
                Long mask = CNumbers.scanWhole(value, 8, false);
                return mask == null || (mask & 0777) != mask ? "bad umask value: \"" + v + "\"" : null;
            case "linger":
                Long linger = CNumbers.scanWhole(value, 10, true);
                return linger == null || linger < 0 ? "bad linger value: \"" + v + "\"" : null;
            case "nice":
                return CNumbers.scanWhole(value, 10, true) == null ? "bad nice value: \"" + v + "\"" : null;
            case "rfc931":
                Long timeout = CNumbers.scanWhole(value, 10, true);
                return timeout == null || timeout <= 0 ? "bad rfc931 timeout: \"" + v + "\"" : null;
            case "severity":
                return SeverityOption.parse(value) == null ? "bad syslog facility or severity: \""
                        + CText.printable(SeverityOption.badPart(value)) + "\"" : null;
            default:
                return null;
        }
    }

    /** libwrap's {@code get_field}: split at {@code :}, {@code \:} being a literal colon. */
    private static List<String> fields(String s, Path file, int line, List<Diagnostic> warnings) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            StringBuilder f = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ':') {
                    i++;
                    if (i == s.length()) {
                        warnings.add(Diagnostic.warning(file.toString(), line, "rule ends in \":\""));
                    }
                    break;
                }
                if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ':') {
                    i++;
                    c = ':';
                }
                f.append(c);
                i++;
            }
            out.add(f.toString());
        }
        return out;
    }

    /** libwrap's {@code chop_string}: strip C white space at both ends. */
    static String chop(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && CText.isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && CText.isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int skip(String s, int i) {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            b.append(b.length() == 0 ? "" : ": ").append(s.key.toLowerCase(Locale.ROOT));
            if (s.value != null) {
                b.append(' ').append(CText.text(s.value));
            }
        }
        return b.toString();
    }
}
