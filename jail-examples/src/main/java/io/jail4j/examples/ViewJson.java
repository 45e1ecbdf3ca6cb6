package io.jail4j.examples;

import io.jail4j.inspect.FdView;
import io.jail4j.inspect.ProcessView;
import io.jail4j.inspect.TaskView;

import java.nio.file.Path;
import io.jail4j.internal.JsonWriter;
import java.util.List;
import java.util.Set;

/**
 * Formats a {@link ProcessView} as one JSON object: {@code pid}, {@code root}, {@code cwd},
 * {@code tasks} and {@code fds}, plus {@code check} when the process was checked against a jail.
 * Capability sets are hex strings as in {@code /proc}; flags are an octal string.
 */
final class ViewJson {
    private ViewJson() {
    }

    /** A check's inputs and outcome. */
    static final class Check {
        final Path jail;
        final long uid;
        final long gid;
        final Set<Long> groups;
        final List<String> violations;

        Check(Path jail, long uid, long gid, Set<Long> groups, List<String> violations) {
            this.jail = jail;
            this.uid = uid;
            this.gid = gid;
            this.groups = groups;
            this.violations = violations;
        }
    }

    /** Returns the view, and the check if not null, as JSON. */
    static String format(ProcessView view, Check check) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("pid", view.pid());
        j.field("root", view.root().toString());
        j.field("cwd", view.cwd().toString());
        j.name("tasks").beginArray();
        for (TaskView t : view.tasks()) {
            j.beginObject();
            j.field("tid", t.tid());
            j.field("name", t.name());
            j.numbers("uids", t.uids());
            j.numbers("gids", t.gids());
            j.numbers("groups", t.groups());
            j.field("capPrm", ViewTable.hex(t.capPrm()));
            j.field("capEff", ViewTable.hex(t.capEff()));
            j.field("capAmb", ViewTable.hex(t.capAmb()));
            j.field("capInh", ViewTable.hex(t.capInh()));
            j.field("capBnd", ViewTable.hex(t.capBnd()));
            j.field("noNewPrivs", t.noNewPrivs());
            j.field("seccomp", t.seccomp());
            j.endObject();
        }
        j.endArray();
        j.name("fds").beginArray();
        for (FdView f : view.fds()) {
            j.beginObject();
            j.field("fd", f.fd());
            j.field("target", f.target());
            j.field("type", ViewTable.type(f));
            j.field("access", f.access());
            j.field("writable", f.writable());
            j.field("flags", "0" + Integer.toOctalString(f.flags()));
            j.endObject();
        }
        j.endArray();
        if (check != null) {
            j.name("check").beginObject();
            j.field("jail", check.jail.toString());
            j.field("uid", check.uid);
            j.field("gid", check.gid);
            j.numbers("groups", check.groups);
            j.field("jailed", check.violations.isEmpty());
            j.name("violations").beginArray();
            for (String v : check.violations) {
                j.value(v);
            }
            j.endArray();
            j.endObject();
        }
        return j.endObject().toString();
    }
}
