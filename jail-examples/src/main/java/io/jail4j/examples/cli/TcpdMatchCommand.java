package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.TcpdMatch;
import io.jail4j.tcpd.HostsAccess;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j tcpdmatch}. */
@Command(name = "tcpdmatch", description = "Show what tcpdmatch(8) shows for one request, plus the rule that decided (matched:  FILE line "
        + "N) and its options.")
final class TcpdMatchCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "-d", description = "Read hosts.allow and hosts.deny in the current directory.")
    private boolean here;

    private Path allow;
    private Path deny;

    @Parameters(index = "0", paramLabel = "daemon[@host]", description = "The daemon, and the server's name or"
            + " address.")
    private String service;

    @Parameters(index = "1", paramLabel = "[user@]host", description = "The client: an address, a name (looked up),"
            + " unknown or paranoid.")
    private String client;

    @Option(names = "--allow", paramLabel = "FILE", description = "The hosts.allow-style file (default "
            + "/etc/hosts.allow).")
    void allow(String file) {
        allow = ArgCheck.path(spec, "--allow", file);
    }

    @Option(names = "--deny", paramLabel = "FILE", description = "The hosts.deny-style file (default /etc/hosts.deny).")
    void deny(String file) {
        deny = ArgCheck.path(spec, "--deny", file);
    }

    @Override
    public Integer call() {
        Path allowFile = allow != null ? allow : here ? Path.of("hosts.allow") : HostsAccess.HOSTS_ALLOW;
        Path denyFile = deny != null ? deny : here ? Path.of("hosts.deny") : HostsAccess.HOSTS_DENY;
        return TcpdMatch.run(allowFile, denyFile, service, client, top.out(), top.err(), null).code();
    }
}
