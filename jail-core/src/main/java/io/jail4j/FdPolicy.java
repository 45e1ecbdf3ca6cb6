package io.jail4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the fate of every descriptor found open before the chroot. Kept: standard streams, the
 * JVM's own files, sockets, pipes, anonymous inodes, files inside the jail and what the plan keeps.
 * Refused: directories, always; descriptors writable to a host file outside the jail unless
 * {@link Jail#closeFds()} neutralises them or the plan keeps them with
 * {@link Jail#insecureKeepWritable(Path, String)}. Neutralised by {@code closeFds()}: every other
 * file outside the jail.
 */
final class FdPolicy {
    private FdPolicy() {
    }

    static List<OpenDescriptor> judge(List<OpenDescriptor> found, Jail plan, List<String> warnings)
            throws OpenDescriptorException {
        List<Jail.Keep> keeps = resolve(plan.keeps());
        String inside = plan.dir() + "/";
        List<OpenDescriptor> out = new ArrayList<>(found.size());
        List<OpenDescriptor> refused = new ArrayList<>();
        for (OpenDescriptor d : found) {
            OpenDescriptor judged = judge(d, plan, keeps, inside, warnings);
            out.add(judged);
            if (judged.action() == OpenDescriptor.Action.REFUSED) {
                refused.add(judged);
            }
        }
        if (!refused.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (OpenDescriptor d : refused) {
                list.append(list.length() == 0 ? "" : "; ").append("fd ").append(d.fd()).append(" -> ")
                        .append(d.target()).append(" (").append(d.reason()).append(')');
            }
            throw new OpenDescriptorException(refused, "enter(): descriptor(s) that would leave a way out of the jail: "
                    + list + "; close them before enter()");
        }
        return out;
    }

    private static OpenDescriptor judge(OpenDescriptor d, Jail plan, List<Jail.Keep> keeps, String inside,
                                        List<String> warnings) {
        if (d.kind() == OpenDescriptor.Kind.DIRECTORY) {
            return d.judged(OpenDescriptor.Action.REFUSED, "an open directory is a way out of any jail, even unprivileged");
        }
        if (d.kind() != OpenDescriptor.Kind.FILE) {
            return d.judged(OpenDescriptor.Action.KEPT, d.kind() == OpenDescriptor.Kind.JVM ? "the JVM's own" : "");
        }
        if (d.target().startsWith(inside)) {
            return d.judged(OpenDescriptor.Action.KEPT, "inside the jail");
        }
        Jail.Keep keep = keeps.stream().filter(k -> k.matches(d)).findFirst().orElse(null);
        if (keep != null) {
            if (d.writable() && !keep.insecure()) {
                return d.judged(OpenDescriptor.Action.REFUSED, "writable host file kept with keep(); keeping it open for"
                        + " writing needs insecureKeepWritable(" + d.target() + ", why)");
            }
            if (keep.insecure()) {
                warnings.add("INSECURE: fd " + d.fd() + " stays open for writing on the host file " + d.target()
                        + " (" + keep.why() + "); the jailed process can write it");
            }
            return d.judged(OpenDescriptor.Action.KEPT, "kept: " + keep.why());
        }
        if (plan.closesFds()) {
            return d.judged(OpenDescriptor.Action.NEUTRALISED, "host file outside the jail");
        }
        if (d.writable()) {
            return d.judged(OpenDescriptor.Action.REFUSED, "writable host file outside the jail; use closeFds(),"
                    + " or insecureKeepWritable(path, why) to keep it");
        }
        warnings.add("fd " + d.fd() + " stays open for reading on the host file " + d.target()
                + "; closeFds() would point it at /dev/null");
        return d.judged(OpenDescriptor.Action.KEPT, "read-only host file");
    }

    /** Replaces each kept file by its real path, as {@code /proc/self/fd} shows targets. */
    private static List<Jail.Keep> resolve(List<Jail.Keep> keeps) {
        List<Jail.Keep> out = new ArrayList<>(keeps.size());
        for (Jail.Keep k : keeps) {
            Path file = k.file();
            if (file != null) {
                try {
                    file = file.toRealPath();
                } catch (IOException | SecurityException e) {
                    // not resolvable: compare as given
                }
            }
            out.add(new Jail.Keep(k.fd(), file, k.why(), k.insecure()));
        }
        return out;
    }
}
