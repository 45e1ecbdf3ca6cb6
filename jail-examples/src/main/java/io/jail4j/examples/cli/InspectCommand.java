package io.jail4j.examples.cli;

import io.jail4j.examples.Inspect;
import io.jail4j.examples.InspectOptions;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;


/** {@code jail4j inspect}. */
@Command(name = "inspect", description = "Show a live process from outside, through /proc: every thread's ids, groups and capabilities, "
        + "its root, working directory and open descriptors. With --jail, --uid and --gid, also check that "
        + "it is jailed and dropped; exit 4 and list the violations if not.")
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Mixin
    private HelpOption help;

    @Mixin
    private InspectOptions options;

    @Override
    public Integer call() {
        options.validate();
        return Inspect.run(options, top.out(), top.err()).code();
    }
}
