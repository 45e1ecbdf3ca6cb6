package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.HostsCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j hosts-check}. */
@Command(name = "hosts-check", description = "Decide TCP wrapper requests read from stdin, one per line (DAEMON CLIENT_NAME CLIENT_ADDR USER, "
        + "- for unknown), against the two files as libwrap's hosts_ctl would in a dry run; print ALLOW or "
        + "DENY per line and nothing else. Warnings about the files go to stderr.")
final class HostsCheckCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    private Path allow;
    private Path deny;

    @Option(names = "--allow", paramLabel = "FILE", required = true, description = "The hosts.allow-style file.")
    void allow(String file) {
        allow = ArgCheck.path(spec, "--allow", file);
    }

    @Option(names = "--deny", paramLabel = "FILE", required = true, description = "The hosts.deny-style file.")
    void deny(String file) {
        deny = ArgCheck.path(spec, "--deny", file);
    }

    @Override
    public Integer call() {
        return HostsCheck.run(allow, deny, top.in(), top.out(), top.err()).code();
    }
}
