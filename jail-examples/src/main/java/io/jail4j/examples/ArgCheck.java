package io.jail4j.examples;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values shared by the commands' picocli options: each returns the parsed value
 * or throws a {@link ParameterException} (a usage error, exit status 2) whose message names the
 * option, the value as given and what is expected, such as
 * {@code --runs "0": expected a whole number from 1 to 2147483647}.
 */
public final class ArgCheck {
    private ArgCheck() {
    }

    /**
     * Returns a usage error of the command.
     *
     * @param spec the command (or, in a mixin, the command it is mixed into)
     * @param message what is wrong and what is expected
     * @return the exception to throw
     */
    public static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Parses a whole number in {@code [low, high]}, decimal digits only.
     *
     * @param spec the command
     * @param option the option's name, for the message
     * @param text the value as given
     * @param low the smallest allowed value
     * @param high the largest allowed value
     * @return the number
     * @throws ParameterException naming the option, the value and the range
     */
    public static long number(CommandSpec spec, String option, String text, long low, long high) {
        if (text.matches("[0-9]{1,18}")) {
            long v = Long.parseLong(text);
            if (v >= low && v <= high) {
                return v;
            }
        }
        throw usage(spec, option + " \"" + printable(text) + "\": expected a whole number from " + low + " to " + high);
    }

    /**
     * Parses a whole number from 1 to {@link Integer#MAX_VALUE}.
     *
     * @param spec the command
     * @param option the option's name, for the message
     * @param text the value as given
     * @return the number
     * @throws ParameterException naming the option, the value and the range
     */
    public static int positive(CommandSpec spec, String option, String text) {
        return (int) number(spec, option, text, 1, Integer.MAX_VALUE);
    }

    /**
     * Parses a path and makes it absolute and normalized (relative to the working directory).
     *
     * @param spec the command
     * @param option the option's name, for the message
     * @param text the value as given; must not be empty
     * @return the absolute, normalized path
     * @throws ParameterException if the text is empty or not a path
     */
    public static Path path(CommandSpec spec, String option, String text) {
        if (text.isEmpty()) {
            throw usage(spec, option + ": the path is empty");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw usage(spec, option + " \"" + printable(text) + "\": not a path (" + e.getReason() + ")");
        }
    }

    /**
     * Checks a user name: not empty.
     *
     * @param spec the command
     * @param option the option's name, for the message
     * @param text the value as given
     * @return the name
     * @throws ParameterException if it is empty
     */
    public static String user(CommandSpec spec, String option, String text) {
        if (text.isEmpty()) {
            throw usage(spec, option + ": the user name is empty");
        }
        return text;
    }

    /**
     * Parses {@code --listen ADDR:PORT} without any name lookup (see {@link ListenAddress#parse}).
     *
     * @param spec the command
     * @param text the value as given
     * @param loopbackOnlyFor the daemon's name to accept only 127.0.0.0/8 and ::1; null for any address
     * @return the address and port
     * @throws ParameterException naming the value and what is wrong with it
     */
    public static ListenAddress listen(CommandSpec spec, String text, String loopbackOnlyFor) {
        try {
            return ListenAddress.parse(text, loopbackOnlyFor);
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    /** Returns the text with control characters shown as {@code \\xNN}, for messages. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
