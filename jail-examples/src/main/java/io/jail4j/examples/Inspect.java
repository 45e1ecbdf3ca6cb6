package io.jail4j.examples;

import io.jail4j.inspect.JailVerdict;
import io.jail4j.inspect.ProcessView;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code inspect} command: reads a live process from outside through {@code /proc} and
 * prints it as a table or JSON; with a jail and ids, also checks it with {@link JailVerdict}.
 */
public final class Inspect {
    private final InspectOptions options;
    private final PrintStream out;
    private final PrintStream err;

    private Inspect(InspectOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Shows (and checks) the process.
     *
     * @param options the checked options
     * @param out receives the table or JSON
     * @param err receives error messages
     * @return {@link ExitCode#OK}, {@link ExitCode#NOT_JAILED} if the check found violations,
     *         {@link ExitCode#REFUSED} if there is no such process, {@link ExitCode#IO_ERROR} on I/O errors
     */
    public static ExitCode run(InspectOptions options, PrintStream out, PrintStream err) {
        return new Inspect(options, out, err).run();
    }

    private ExitCode run() {
        ProcessView view;
        try {
            view = ProcessView.of(options.pid());
        } catch (NoSuchFileException e) {
            err.println("jail4j inspect: no process " + options.pid() + " (" + e.getMessage() + ")");
            return ExitCode.REFUSED;
        } catch (IOException e) {
            err.println("jail4j inspect: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
        ViewJson.Check check = null;
        if (options.check()) {
            Path jail = options.jail().orElseThrow();
            List<String> violations = JailVerdict.violations(view, jail, options.uid(), options.gid(), options.groups());
            check = new ViewJson.Check(jail, options.uid(), options.gid(), options.groups(), violations);
        }
        if (options.json()) {
            out.println(ViewJson.format(view, check));
        } else {
            out.print(ViewTable.format(view));
            if (check != null) {
                String what = "in " + check.jail + " as uid " + check.uid + " gid " + check.gid + " groups " + check.groups;
                if (check.violations.isEmpty()) {
                    out.println("jailed " + what + ": yes");
                } else {
                    out.println("NOT jailed " + what + ": " + check.violations.size() + " violation(s)");
                    for (String v : check.violations) {
                        out.println("  - " + v);
                    }
                }
            }
        }
        out.flush();
        return check != null && !check.violations.isEmpty() ? ExitCode.NOT_JAILED : ExitCode.OK;
    }
}
