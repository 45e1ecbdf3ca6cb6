package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.bench.TcpdBench;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j tcpd-bench}. */
@Command(name = "tcpd-bench", description = "Time jail4j's rule check against libwrap's hosts_ctl (compiled here with cc -lwrap) on the same "
        + "hosts.allow and queries, interleaved; then one check against 10,000 rules. Needs cc and libwrap "
        + "(apt-get install gcc libwrap0-dev).")
final class TcpdBenchCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    private int rounds = 11;
    private int rules = 1000;
    private long pipeline = 5_000_000;

    @Option(names = "--rounds", paramLabel = "N", description = "Interleaved rounds, 1 to 100000 (default 11).")
    void rounds(String n) {
        rounds = (int) ArgCheck.number(spec, "--rounds", n, 1, 100_000);
    }

    @Option(names = "--rules", paramLabel = "N", description = "Lines of hosts.allow, 1 to 100000 (default 1000).")
    void rules(String n) {
        rules = (int) ArgCheck.number(spec, "--rules", n, 1, 100_000);
    }

    @Option(names = "--pipeline", paramLabel = "QUERIES", description = "Queries per round through hosts-check in"
            + " pipes, 0 to 1000000000 (default 5000000; 0: off).")
    void pipeline(String n) {
        pipeline = ArgCheck.number(spec, "--pipeline", n, 0, 1_000_000_000L);
    }

    @Override
    public Integer call() {
        return TcpdBench.run(rounds, rules, pipeline, top.out(), top.err()).code();
    }
}
