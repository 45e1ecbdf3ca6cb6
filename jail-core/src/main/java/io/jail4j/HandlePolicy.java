package io.jail4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges what the descriptor table does not show: shared writable mappings of host files (they
 * survive {@link Jail#closeFds()} and write through to the file) and live child processes (a child
 * started as root before the jail obeys whoever holds its pipes).
 */
final class HandlePolicy {
    private HandlePolicy() {
    }

    /**
     * Refuses a shared writable mapping of a file outside the jail unless the plan keeps that file
     * with {@link Jail#insecureKeepWritable}; reports HotSpot's performance-data file, memfds and
     * System V segments.
     */
    static void judgeMappings(List<SystemCalls.Mapping> mappings, Plan plan, List<String> notes, List<String> warnings)
            throws SharedMappingException {
        String inside = plan.dir() + "/";
        List<String> refused = new ArrayList<>();
        for (SystemCalls.Mapping m : mappings) {
            String path = m.path();
            String file = path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path;
            if (file.startsWith(inside) || file.startsWith("/memfd:") || file.equals("/dev/zero")) {
                continue; // inside the jail, or anonymous shared memory
            }
            if (file.startsWith("/SYSV")) {
                notes.add("System V shared memory segment " + file + " is mapped writable; any process allowed to attach"
                        + " the segment shares it");
                continue;
            }
            if (file.contains("/hsperfdata_")) {
                notes.add("HotSpot's performance-data file " + file + " stays mapped shared and writable (jstat and jcmd"
                        + " read it); -XX:+PerfDisableSharedMem turns it off");
                continue;
            }
            String why = keptWritable(plan, file);
            if (why != null) {
                warnings.add("INSECURE: " + file + " stays mapped shared and writable at " + m.range() + " (" + why
                        + "); the jailed process can write it");
                continue;
            }
            refused.add(file + " at " + m.range());
        }
        if (!refused.isEmpty()) {
            throw new SharedMappingException(refused, "enter(): shared writable mapping(s) of host files outside the jail"
                    + " survive the chroot and closeFds(), and write through to the file: " + String.join("; ", refused)
                    + "; unmap them before enter() (a MappedByteBuffer lives until it is collected), or keep one with"
                    + " insecureKeepWritable(path, why)");
        }
    }

    private static String keptWritable(Plan plan, String file) {
        for (Plan.Keep k : plan.keeps()) {
            if (k.insecure() && k.file() != null && (k.file().toString().equals(file) || realPath(k.file()).equals(file))) {
                return k.why();
            }
        }
        return null;
    }

    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            return p.toString();
        }
    }

    /**
     * Reports every live child; refuses one that runs as another user than the target unless the
     * plan allows it with {@link Jail#insecureAllowChildProcesses}.
     */
    static void judgeChildren(List<SystemCalls.Child> children, TargetUser target, Plan plan, List<String> notes,
                              List<String> warnings) throws ChildProcessException {
        List<SystemCalls.Child> foreign = new ArrayList<>();
        for (SystemCalls.Child c : children) {
            String text = "child process " + c.pid() + " (" + c.command() + ", uid " + c.uid() + ", euid " + c.euid() + ")";
            if (c.uid() == target.uid() && c.euid() == target.uid()) {
                notes.add(text + " runs as the target and stays outside the jail: it is not chrooted");
            } else if (plan.allowChildren() != null) {
                warnings.add("INSECURE: " + text + " keeps running as another user (" + plan.allowChildren() + ");"
                        + " the jailed process can drive it through the pipes it holds");
            } else {
                foreign.add(c);
            }
        }
        if (!foreign.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (SystemCalls.Child c : foreign) {
                list.append(list.length() == 0 ? "" : "; ").append("pid ").append(c.pid()).append(" (").append(c.command())
                        .append(", uid ").append(c.uid()).append(", euid ").append(c.euid()).append(')');
            }
            throw new ChildProcessException(foreign.stream().map(SystemCalls.Child::pid).toList(), "enter(): child process(es)"
                    + " running as another user than " + target + " would obey the jailed process through the pipes it"
                    + " holds: " + list + "; end them before enter(), or allow them with"
                    + " insecureAllowChildProcesses(why)");
        }
    }
}
