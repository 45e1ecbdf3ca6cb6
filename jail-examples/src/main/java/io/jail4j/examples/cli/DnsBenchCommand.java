package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.bench.DnsBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j dnsbench} (also {@code dns-bench}). */
@Command(name = "dnsbench", aliases = "dns-bench", description = "dnsperf against the jailed dnsd and against NSD on the same zone and queries, interleaved: "
        + "queries/s, latency, medians, ranges and the ratio. Needs nsd, dnsperf and root (checked in that "
        + "order before any work).")
final class DnsBenchCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    private int rounds = 7;
    private int seconds = 5;
    private int clients = 4;
    private Path zone;
    private Path queries;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of each server (default 7).")
    void rounds(String n) {
        rounds = ArgCheck.positive(spec, "--rounds", n);
    }

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds per dnsperf run (default 5).")
    void seconds(String n) {
        seconds = ArgCheck.positive(spec, "--seconds", n);
    }

    @Option(names = "--clients", paramLabel = "C", description = "dnsperf clients (default 4).")
    void clients(String n) {
        clients = ArgCheck.positive(spec, "--clients", n);
    }

    @Option(names = "--zone", paramLabel = "FILE", description = "The zone to serve (default: an example zone);"
            + " goes with --queries.")
    void zone(String file) {
        zone = ArgCheck.path(spec, "--zone", file);
    }

    @Option(names = "--queries", paramLabel = "FILE", description = "dnsperf's query file for --zone.")
    void queries(String file) {
        queries = ArgCheck.path(spec, "--queries", file);
    }

    @Override
    public Integer call() {
        if ((zone == null) != (queries == null)) {
            throw ArgCheck.usage(spec, "--zone and --queries go together");
        }
        return DnsBench.run(rounds, seconds, clients, zone, queries, top.out(), top.err()).code();
    }
}
