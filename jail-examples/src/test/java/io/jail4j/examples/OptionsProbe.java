package io.jail4j.examples;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Parses a command's option mixin (such as {@link DemoOptions}) with picocli alone, as the command
 * line does before it runs the command; a usage error is thrown as
 * {@link CommandLine.ParameterException}, as the command line would report it.
 */
public final class OptionsProbe {
    private OptionsProbe() {
    }

    @Command(name = "probe")
    private static final class Probe {
        @Mixin
        Object options;

        Probe(Object options) {
            this.options = options;
        }
    }

    /**
     * Parses the arguments into the options (values checked as they are read, not yet validated together).
     *
     * @param options a fresh mixin instance
     * @param args the arguments after the command name
     * @param <T> the mixin's type
     * @return the options, filled in
     */
    public static <T> T parse(T options, List<String> args) {
        new CommandLine(new Probe(options)).parseArgs(args.toArray(new String[0]));
        return options;
    }
}
