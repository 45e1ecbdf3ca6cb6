package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.bench.AuditBench;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j audit-bench}. */
@Command(name = "audit-bench", description = "Time the audit against jailkit's jk_check on the same N-file tree, interleaved. Needs root and "
        + "jk_check.")
final class AuditBenchCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    private int files = 100_000;
    private int runs = 5;

    @Option(names = "--files", paramLabel = "N", description = "Files in the tree (default 100000).")
    void files(String n) {
        files = ArgCheck.positive(spec, "--files", n);
    }

    @Option(names = "--runs", paramLabel = "R", description = "Rounds (default 5).")
    void runs(String n) {
        runs = ArgCheck.positive(spec, "--runs", n);
    }

    @Override
    public Integer call() {
        return AuditBench.run(files, runs, top.out(), top.err()).code();
    }
}
