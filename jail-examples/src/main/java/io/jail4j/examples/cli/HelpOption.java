package io.jail4j.examples.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} of every subcommand: prints that command's help alone on stdout, exit status 0. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
}
