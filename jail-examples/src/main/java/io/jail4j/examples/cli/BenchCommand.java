package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.bench.Bench;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j bench}. */
@Command(name = "bench", description = "Measure enter() against the same work in C (compiled here with cc), interleaved: median and "
        + "spread of the irreversible window and their ratio, and what enter() blocks its caller for next "
        + "to a bare JVM's start to main(). Needs root and cc.")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    private int runs = 21;

    @Option(names = "--user", paramLabel = "NAME", description = "The user the jail drops to (default nobody).")
    private String user = "nobody";

    @Option(names = "--runs", paramLabel = "N", description = "Rounds of each kind (default 21).")
    void runs(String n) {
        runs = ArgCheck.positive(spec, "--runs", n);
    }

    @Override
    public Integer call() {
        return Bench.run(runs, ArgCheck.user(spec, "--user", user), top.out(), top.err()).code();
    }
}
