package io.jail4j.examples;

import io.jail4j.layout.JailLayout;
import io.jail4j.layout.LayoutException;
import io.jail4j.layout.LayoutPlan;
import io.jail4j.layout.NodeMaker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jail4j layout plan|apply SPEC DIR}: compares a jail with a layout spec, or makes it match,
 * and prints every change with its reason. Exit status: 0 nothing to change (plan) or applied
 * (apply), 1 plan found changes, 2 usage error or a malformed spec (naming the line), 3 the plan
 * or apply failed (naming the path).
 */
public final class Layout {
    private Layout() {
    }

    /**
     * Compares the directory with the spec ({@code plan}) or makes it match ({@code apply}).
     *
     * @param apply true to apply, false to plan
     * @param spec the layout spec file
     * @param dir the jail
     * @param out receives every change with its reason
     * @param err receives error messages
     * @return {@link ExitCode#OK} nothing to change or applied, {@link ExitCode#REFUSED} the plan
     *         found changes, {@link ExitCode#USAGE} the spec cannot be read or is malformed,
     *         {@link ExitCode#IO_ERROR} the plan or apply failed
     */
    public static ExitCode run(boolean apply, Path spec, Path dir, PrintStream out, PrintStream err) {
        return run(apply, spec, dir, out, err, null);
    }

    /** As {@link #run(boolean, Path, Path, PrintStream, PrintStream)}, with {@code devices} creating device nodes (null: the library's default). */
    static ExitCode run(boolean apply, Path spec, Path dir, PrintStream out, PrintStream err, NodeMaker devices) {
        JailLayout layout;
        try {
            layout = JailLayout.parse(Files.readString(spec, StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("jail4j layout: cannot read " + spec + ": " + e.getMessage());
            return ExitCode.USAGE;
        } catch (LayoutException e) {
            err.println("jail4j layout: " + spec + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        try {
            if (!apply) {
                LayoutPlan plan = layout.plan(dir);
                out.print(plan);
                return plan.isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
            }
            LayoutPlan done = devices == null ? layout.apply(dir) : layout.apply(dir, devices);
            out.print(done);
            return ExitCode.OK;
        } catch (LayoutException e) {
            err.println("jail4j layout " + (apply ? "apply" : "plan") + ": " + e.getMessage());
            return ExitCode.IO_ERROR;
        } finally {
            out.flush();
        }
    }
}
