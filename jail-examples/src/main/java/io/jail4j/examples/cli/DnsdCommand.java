package io.jail4j.examples.cli;

import io.jail4j.examples.dns.Dnsd;
import io.jail4j.examples.dns.DnsdOptions;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;


/** {@code jail4j dnsd}. */
@Command(name = "dnsd", description = "Serve zones like NSD (authoritative answers, referrals, wildcards, CNAME chains, EDNS, TC over "
        + "UDP, whole over TCP) on a loopback address, bound as root, jailed as an unprivileged user. "
        + "SIGHUP reloads the zones from inside the jail. Zone transfers only for clients the "
        + "--allow/--deny rules admit (hosts_access(5), daemon dnsd-axfr).")
final class DnsdCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Mixin
    private HelpOption help;

    @Mixin
    private DnsdOptions options;

    @Override
    public Integer call() {
        options.validate();
        return Dnsd.run(options, top.out(), top.err()).code();
    }
}
