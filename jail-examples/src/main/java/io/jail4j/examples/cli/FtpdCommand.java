package io.jail4j.examples.cli;

import io.jail4j.examples.ftp.Ftpd;
import io.jail4j.examples.ftp.FtpdOptions;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;


/** {@code jail4j ftpd}. */
@Command(name = "ftpd", description = "Anonymous read-only FTP server (RFC 959, 2389, 2428, 3659; explicit FTPS, RFC 4217): binds "
        + "ADDR:PORT as root, enters DIR as its jail and drops to NAME. DIR must be owned by root and not "
        + "group/other-writable. TCP wrappers rules for daemon name ftpd. Logs to stderr. Needs --listen "
        + "and --root, or --demo.")
final class FtpdCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Mixin
    private HelpOption help;

    @Mixin
    private FtpdOptions options;

    @Override
    public Integer call() {
        options.validate();
        return Ftpd.run(options, top.out(), top.err()).code();
    }
}
