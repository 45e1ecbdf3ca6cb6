package io.jail4j.examples.cli;

import io.jail4j.examples.Demo;
import io.jail4j.examples.DemoOptions;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;


/** {@code jail4j demo}. */
@Command(name = "demo", description = "Bind a privileged loopback port as root, enter a fresh chroot jail under the temp directory (or "
        + "--jail DIR) as an unprivileged user, print the entry report, then answer each TCP connection "
        + "with the live jailed state; exit after --connections N if given.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Mixin
    private HelpOption help;

    @Mixin
    private DemoOptions options;

    @Override
    public Integer call() {
        return Demo.run(options, top.out(), top.err()).code();
    }
}
