package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import java.io.InputStream;
import java.io.PrintStream;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code jail4j}: holds the streams its subcommands print to, and without a
 * subcommand reports a usage error.
 */
@Command(name = "jail4j", mixinStandardHelpOptions = true, versionProvider = Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Lock a JVM into a chroot jail and drop it to an unprivileged user from inside; daemons that"
                + " do so, and tools to check jails and TCP wrapper rules.",
        subcommands = {DemoCommand.class, InspectCommand.class, BenchCommand.class, FtpdCommand.class,
                FtpBenchCommand.class, DnsdCommand.class, DnsBenchCommand.class, HostsCheckCommand.class,
                TcpdMatchCommand.class, TcpdBenchCommand.class, AuditCommand.class, LayoutCommand.class,
                AuditBenchCommand.class, CompletionCommand.class, HelpCommand.class})
final class Jail4jCommand implements Runnable {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    Jail4jCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Standard input, for {@code hosts-check}. */
    InputStream in() {
        return in;
    }

    /** Where results go. */
    PrintStream out() {
        return out;
    }

    /** Where status lines and errors go. */
    PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        throw ArgCheck.usage(spec, "missing command");
    }
}
