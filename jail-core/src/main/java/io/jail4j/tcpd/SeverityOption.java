package io.jail4j.tcpd;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The {@code severity} option: {@code level} or {@code facility.level} with syslog's names,
 * mapped to a {@link Level} for {@link System.Logger} (the facility is accepted and dropped: the
 * logging backend picks its own destination).
 */
final class SeverityOption {
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "lpr", "news",
            "uucp", "cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
            "debug");

    private SeverityOption() {
    }

    /** Returns the level for a {@code severity} value, or {@code null} if libwrap rejects it. */
    static Level parse(String value) {
        int dot = CText.splitAt(value, 0, '.');
        String level = dot < 0 ? value : value.substring(dot + 1);
        if (dot >= 0 && !FACILITIES.contains(CText.lower(value.substring(0, dot)))) {
            return null;
        }
        int index = LEVELS.indexOf(CText.lower(level));
        if (index < 0) {
            return null;
        }
        return index <= 3 ? Level.ERROR : index == 4 ? Level.WARNING : index <= 6 ? Level.INFO : Level.DEBUG;
    }

    /** Returns the part of a rejected value that libwrap names in its error. */
    static String badPart(String value) {
        int dot = CText.splitAt(value, 0, '.');
        if (dot < 0) {
            return value;
        }
        String level = value.substring(dot + 1);
        return LEVELS.contains(CText.lower(level)) ? value.substring(0, dot) : level;
    }
}
