package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.Audit;
import io.jail4j.layout.JailAudit;
import io.jail4j.layout.LayoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j audit}. */
@Command(name = "audit", description = "Check DIR as a chroot jail for a runtime user: the path as enter() checks it, write access, "
        + "owners, setuid/setgid, devices, hard and symbolic links leading out, sockets, fifos, mounts, "
        + "shells/su/sudo, passwd/group entries, readable secrets. Exit 0 when nothing worse than a note "
        + "was found, 1 otherwise.")
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    @Option(names = "--user", paramLabel = "NAME", description = "The runtime user, resolved on the host (default:"
            + " any unprivileged user).")
    private String user;

    private Path layout;

    @Option(names = "--json", description = "Print the findings as a JSON array.")
    private boolean json;

    @Parameters(index = "0", paramLabel = "DIR", description = "The jail to check.")
    private Path dir;

    @Option(names = "--layout", paramLabel = "SPEC", description = "Allow what this layout spec declares.")
    void layout(String file) {
        layout = ArgCheck.path(spec, "--layout", file);
    }

    @Override
    public Integer call() {
        JailAudit audit;
        try {
            audit = Audit.auditFor(user == null ? null : ArgCheck.user(spec, "--user", user), layout);
        } catch (IllegalArgumentException e) {
            throw ArgCheck.usage(spec, e.getMessage());
        } catch (LayoutException | IOException e) {
            throw ArgCheck.usage(spec, "--layout " + layout + ": " + e.getMessage());
        }
        return Audit.run(audit, dir, json, top.out(), top.err()).code();
    }
}
