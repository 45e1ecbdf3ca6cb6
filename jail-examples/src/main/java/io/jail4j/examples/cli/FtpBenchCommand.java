package io.jail4j.examples.cli;

import io.jail4j.examples.ArgCheck;
import io.jail4j.examples.bench.FtpBench;
import io.jail4j.examples.ftp.Ftpd;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jail4j ftp-bench}. */
@Command(name = "ftp-bench", description = "Against vsftpd on the same tree, interleaved, N rounds each: download one big file with curl to "
        + "/dev/null, and let --clients curl processes fetch --files small files each at once. Prints "
        + "MB/s, files/s, median and spread (min-max) and the jail4j/vsftpd ratios. Needs root, curl and "
        + "vsftpd.")
final class FtpBenchCommand implements Callable<Integer> {
    /** The mode of the small-file test's data connections. */
    enum Mode {
        active, passive
    }

    @ParentCommand
    private Jail4jCommand top;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpOption help;

    private int runs = 3;
    private int mib = 1024;
    private int clients = 32;
    private int files = 64;
    private int fileKib = 4;

    @Option(names = "--mode", paramLabel = "active|passive", description = "Data connections of the small-file"
            + " test: active (default, curl -P) or passive (curl's default, EPSV; curl 7.88 often waits 1 s after an"
            + " EPSV reply, which then dominates).")
    private Mode mode = Mode.active;

    @Option(names = "--runs", paramLabel = "N", description = "Rounds of each kind, 1 to 99999 (default 3).")
    void runs(String n) {
        runs = (int) ArgCheck.number(spec, "--runs", n, 1, 99_999);
    }

    @Option(names = "--mib", paramLabel = "N", description = "Size of the big file in MiB, 1 to 99999 (default 1024).")
    void mib(String n) {
        mib = (int) ArgCheck.number(spec, "--mib", n, 1, 99_999);
    }

    @Option(names = "--clients", paramLabel = "N", description = "curl clients at once, 1 to "
            + Ftpd.MAX_SESSIONS_PER_ADDRESS + " (the daemon's sessions per client address; default 32).")
    void clients(String n) {
        clients = (int) ArgCheck.number(spec, "--clients", n, 1, Ftpd.MAX_SESSIONS_PER_ADDRESS);
    }

    @Option(names = "--files", paramLabel = "N", description = "Small files per client, 1 to 99999 (default 64).")
    void files(String n) {
        files = (int) ArgCheck.number(spec, "--files", n, 1, 99_999);
    }

    @Option(names = "--file-kib", paramLabel = "N", description = "Size of each small file in KiB, 1 to 99999"
            + " (default 4).")
    void fileKib(String n) {
        fileKib = (int) ArgCheck.number(spec, "--file-kib", n, 1, 99_999);
    }

    @Override
    public Integer call() {
        return FtpBench.run(runs, mib, clients, files, fileKib, mode == Mode.active, top.out(), top.err()).code();
    }
}
