package io.jail4j.examples.cli;

import io.jail4j.JailException;
import io.jail4j.examples.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs the {@code jail4j} command line on picocli: builds the command tree ({@link Jail4jCommand}
 * and its subcommands), prints every usage error on the error stream as
 * {@code jail4j COMMAND: what is wrong} followed by that command's usage and exits with
 * {@link ExitCode#USAGE}, and maps what a command throws to an {@link ExitCode}: a jail4j refusal
 * ({@link JailException}) to {@link ExitCode#REFUSED}, an I/O error to {@link ExitCode#IO_ERROR};
 * anything else is a bug and is printed with its stack trace ({@link ExitCode#REFUSED}).
 */
public final class Cli {
    private Cli() {
    }

    /**
     * Runs a command line with the given streams.
     *
     * @param args the command name and its arguments, as after {@code jail4j}
     * @param in the standard input of the command ({@code hosts-check} reads it)
     * @param out receives results and help
     * @param err receives usage errors, status lines and error messages
     * @return the exit status, one of {@link ExitCode}'s codes
     */
    public static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(new Jail4jCommand(in, out, err), out, err);
        try {
            return cli.execute(args.toArray(new String[0]));
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
            out.flush();
            err.flush();
        }
    }

    /**
     * Builds the command tree around the top command, writing help to {@code out} and errors to
     * {@code err} without colours.
     *
     * @param top the top command holding the streams
     * @param out receives help and version
     * @param err receives usage errors
     * @return the configured command line
     */
    static CommandLine commandLine(Jail4jCommand top, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(top);
        cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        cli.setParameterExceptionHandler((e, args) -> usageError(e, err));
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command, err));
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            codes.put(Integer.toString(code.code()), code.meaning());
        }
        configure(cli.getCommandSpec());
        // an unknown command ends the top command's options: "jail4j serve --help" is an unknown
        // command, not a request for the top command's help
        cli.getCommandSpec().parser().stopAtPositional(true);
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(codes);
        return cli;
    }

    private static void configure(CommandSpec spec) {
        spec.exitCodeOnSuccess(ExitCode.OK.code()).exitCodeOnUsageHelp(ExitCode.OK.code())
                .exitCodeOnVersionHelp(ExitCode.OK.code()).exitCodeOnInvalidInput(ExitCode.USAGE.code())
                .exitCodeOnExecutionException(ExitCode.REFUSED.code());
        spec.usageMessage().synopsisHeading("usage: ").width(100);
        if (spec.parent() != null) {
            spec.usageMessage().footerHeading("%n").footer("Exit status: see " + spec.root().name() + " --help.");
        }
        for (CommandLine sub : spec.subcommands().values()) {
            configure(sub.getCommandSpec());
        }
    }

    /** Prints a usage error and the synopsis of the command it belongs to; returns {@link ExitCode#USAGE}. */
    private static int usageError(ParameterException e, PrintStream err) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException && command.getCommandSpec().parent() == null) {
            List<String> unmatched = ((UnmatchedArgumentException) e).getUnmatched();
            if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
                message = "unknown command \"" + unmatched.get(0) + "\"";
            }
        }
        err.println(command.getCommandSpec().qualifiedName(" ") + ": " + message);
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(command.getHelp().fullSynopsis());
        err.println("see '" + command.getCommandSpec().qualifiedName(" ") + " --help'");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** Maps what a command threw to its exit status; rethrows what is a bug. */
    private static int failure(Exception e, CommandLine command, PrintStream err) throws Exception {
        ExitCode code;
        if (e instanceof JailException) {
            code = ExitCode.REFUSED;
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            code = ExitCode.IO_ERROR;
        } else {
            throw e;
        }
        err.println(command.getCommandSpec().qualifiedName(" ") + ": " + e.getMessage());
        err.flush();
        return code.code();
    }
}
