package io.jail4j.examples;

import io.jail4j.examples.cli.Cli;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code jail4j} command line ({@code ./jail4j} runs it): {@code demo} runs a daemon that
 * jails itself, {@code inspect} shows any process's jail-relevant state from outside,
 * {@code ftpd} and {@code dnsd} are daemons that jail themselves, {@code audit} and
 * {@code layout} check and build jails, {@code hosts-check} and {@code tcpdmatch} decide TCP
 * wrapper rules as libwrap does, and the benchmarks measure against C and the real peers.
 * {@code jail4j --help} lists the commands, {@code jail4j help COMMAND} shows one; the exit status
 * is one of {@link ExitCode}.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command name (such as {@code ftpd} or {@code dnsd}) and its arguments
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.in, System.out, System.err));
    }

    /** Runs the command line, printing to the given streams; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs the command line with the given streams; returns the exit status. */
    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return Cli.run(args, in, out, err);
    }
}
