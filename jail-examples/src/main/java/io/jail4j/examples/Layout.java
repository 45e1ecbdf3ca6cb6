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
import java.util.List;

/**
 * {@code jail4j layout plan|apply SPEC DIR}: compares a jail with a layout spec, or makes it match,
 * and prints every change with its reason. Exit status: 0 nothing to change (plan) or applied
 * (apply), 1 plan found changes, 2 usage error or a malformed spec (naming the line), 3 the plan
 * or apply failed (naming the path).
 */
final class Layout {
    static final String USAGE = "layout plan|apply SPEC DIR";

    private Layout() {
    }

    /** Runs the command; returns the exit status. */
    static int main(List<String> args, PrintStream out, PrintStream err) {
        return main(args, out, err, null);
    }

    /** Runs the command with {@code devices} creating device nodes (null: the library's default). */
    static int main(List<String> args, PrintStream out, PrintStream err, NodeMaker devices) {
        if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            out.println("usage: jail4j " + USAGE);
            return Main.OK;
        }
        if (args.size() != 3 || !(args.get(0).equals("plan") || args.get(0).equals("apply"))) {
            err.println("jail4j layout: expected plan or apply, a spec file and a directory");
            err.println("usage: jail4j " + USAGE);
            return Main.USAGE;
        }
        Path spec = Path.of(args.get(1));
        Path dir = Path.of(args.get(2));
        JailLayout layout;
        try {
            layout = JailLayout.parse(Files.readString(spec, StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("jail4j layout: cannot read " + spec + ": " + e.getMessage());
            return Main.USAGE;
        } catch (LayoutException e) {
            err.println("jail4j layout: " + spec + ": " + e.getMessage());
            return Main.USAGE;
        }
        try {
            if (args.get(0).equals("plan")) {
                LayoutPlan plan = layout.plan(dir);
                out.print(plan);
                return plan.isEmpty() ? Main.OK : Main.REFUSED;
            }
            LayoutPlan done = devices == null ? layout.apply(dir) : layout.apply(dir, devices);
            out.print(done);
            return Main.OK;
        } catch (LayoutException e) {
            err.println("jail4j layout " + args.get(0) + ": " + e.getMessage());
            return Main.IO_ERROR;
        } finally {
            out.flush();
        }
    }
}
