package io.jail4j.examples.cli;

import io.jail4j.examples.Layout;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jail4j layout}. */
@Command(name = "layout", description = "Compare DIR with a layout spec (plan; exit 1 if something would change) or make it match "
        + "(apply), printing every change with its reason.")
final class LayoutCommand implements Callable<Integer> {
    /** What to do. */
    enum Action {
        plan, apply
    }

    @ParentCommand
    private Jail4jCommand top;

    @Mixin
    private HelpOption help;

    @Parameters(index = "0", paramLabel = "plan|apply", description = "plan: show the changes; apply: make them.")
    private Action action;

    @Parameters(index = "1", paramLabel = "SPEC", description = "The layout spec file.")
    private Path spec;

    @Parameters(index = "2", paramLabel = "DIR", description = "The jail.")
    private Path dir;

    @Override
    public Integer call() {
        return Layout.run(action == Action.apply, spec, dir, top.out(), top.err()).code();
    }
}
