package io.jail4j.examples;

import io.jail4j.inspect.FdView;
import io.jail4j.inspect.ProcessView;
import io.jail4j.inspect.TaskView;

import java.util.List;
import java.util.Locale;

/**
 * Formats a {@link ProcessView} as a table for people: one row per thread, then the root, the
 * working directory and one row per descriptor, with directories and writable files marked.
 */
final class ViewTable {
    private static final String TASK_ROW = "    %7s  %-15s  %-25s  %-25s  %-12s  %-16s  %-16s  %-16s  %s%n";
    private static final String FD_ROW = "    %5s  %-6s  %-9s  %s%s%n";

    private ViewTable() {
    }

    static String format(ProcessView view) {
        StringBuilder s = new StringBuilder();
        s.append("process ").append(view.pid()).append('\n');
        s.append("  tasks  ").append(view.tasks().size()).append('\n');
        s.append(String.format(Locale.ROOT, TASK_ROW, "tid", "name", "uid r/e/s/fs", "gid r/e/s/fs", "groups",
                "CapEff", "CapPrm", "CapAmb", "NoNewPrivs"));
        for (TaskView t : view.tasks()) {
            s.append(String.format(Locale.ROOT, TASK_ROW, t.tid(), t.name(), slots(t.uids()), slots(t.gids()),
                    groups(t), hex(t.capEff()), hex(t.capPrm()), hex(t.capAmb()), t.noNewPrivs() ? "1" : "0"));
        }
        s.append("  root   ").append(view.root()).append('\n');
        s.append("  cwd    ").append(view.cwd()).append('\n');
        s.append("  fds    ").append(view.fds().size()).append('\n');
        s.append(String.format(Locale.ROOT, FD_ROW, "fd", "access", "type", "target", ""));
        for (FdView f : view.fds()) {
            String marks = (f.directory() ? "   <- DIRECTORY: a way out of any jail" : "")
                    + (f.writable() && f.regularFile() ? "   <- WRITABLE file" : "");
            s.append(String.format(Locale.ROOT, FD_ROW, f.fd(), f.access(), type(f), f.target(), marks));
        }
        return s.toString();
    }

    static String type(FdView f) {
        return f.directory() ? "directory" : f.regularFile() ? "file" : "other";
    }

    static String hex(long caps) {
        return String.format(Locale.ROOT, "%016x", caps);
    }

    private static String slots(List<Long> ids) {
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(s.length() == 0 ? "" : "/").append(id);
        }
        return s.toString();
    }

    private static String groups(TaskView t) {
        if (t.groups().isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        for (long g : t.groups()) {
            s.append(s.length() == 0 ? "" : ",").append(g);
        }
        return s.toString();
    }
}
