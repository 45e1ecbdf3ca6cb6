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
final class Inspect {
    private final InspectOptions options;
    private final PrintStream out;
    private final PrintStream err;

    Inspect(InspectOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /** Runs the command; returns 0, 4 if the check found violations, 1 if there is no such process, 3 on I/O errors. */
    int run() {
        ProcessView view;
        try {
            view = ProcessView.of(options.pid());
        } catch (NoSuchFileException e) {
            err.println("jail4j inspect: no process " + options.pid() + " (" + e.getMessage() + ")");
            return Main.REFUSED;
        } catch (IOException e) {
            err.println("jail4j inspect: " + e.getMessage());
            return Main.IO_ERROR;
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
        return check != null && !check.violations.isEmpty() ? Main.NOT_JAILED : Main.OK;
    }
}
