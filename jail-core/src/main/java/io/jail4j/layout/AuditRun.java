package io.jail4j.layout;

import io.jail4j.internal.LinuxAbi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One audit: the state shared by the checks (runtime user, resolved layout, findings, what the
 * walk saw) and the walk itself, which stats each entry once and hands it to {@link EntryChecks}.
 */
final class AuditRun implements Walker.Visitor {
    final AuditUser user;
    final ResolvedLayout layout;
    /** The jail's real path on the host. */
    final Path jail;
    final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    /** Type bits of every entry seen, by relative path, for resolving symbolic links without another stat. */
    final Map<String, Integer> types = new ConcurrentHashMap<>(1024);
    /** Targets of the symbolic links seen, by relative path. */
    final Map<String, String> links = new ConcurrentHashMap<>();
    /** Regular files with more than one link: [link count, links seen in the jail], by dev:ino. */
    final Map<String, long[]> linked = new ConcurrentHashMap<>();
    final Map<String, String> firstLinkPath = new ConcurrentHashMap<>();
    /** Mounts inside the jail, by relative path. */
    final Map<String, Mounts.Mount> mounts = new HashMap<>();

    AuditRun(AuditUser user, ResolvedLayout layout, Path jail) {
        this.user = user;
        this.layout = layout;
        this.jail = jail;
    }

    /**
     * Adds a finding for the entry at {@code rel} (relative to the jail), named as the jailed
     * process sees it: {@code /etc/passwd}, {@code /} for the jail itself.
     */
    void add(String rel, Check check, Severity severity, String message, String fix) {
        findings.add(new Finding(shown(rel), check, severity, message, fix));
    }

    /** The path of {@code rel} as seen from inside the jail. */
    static String shown(String rel) {
        return rel.isEmpty() || rel.equals(".") ? "/" : "/" + rel;
    }

    /** The host path of {@code rel}, for fix commands, which run on the host. */
    String host(String rel) {
        return rel.isEmpty() || rel.equals(".") ? jail.toString() : jail.resolve(rel).toString();
    }

    long walk() throws IOException {
        types.put("", LinuxAbi.S_IFDIR);
        return ParallelWalker.walk(jail, this);
    }

    @Override
    public boolean visit(String rel, Path path, Stat st) throws IOException {
        types.put(rel, st.type());
        EntryChecks.check(this, rel, path, st);
        Mounts.Mount m = mounts.get(rel);
        return m == null || !m.kernel();
    }

    @Override
    public void failed(String rel, Path path, IOException e) {
        add(rel, Check.UNREADABLE, Severity.WARNING, "cannot be read (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "), so nothing in it was checked", "make it readable by root, then audit again");
    }

    /**
     * Returns why the layout allows {@code rel} as it is (declared with exactly this type, owner
     * and mode), or null.
     */
    String declared(String rel, Stat st) {
        if (layout == null) {
            return null;
        }
        ResolvedLayout.Target t = layout.at(rel);
        if (t == null || t.entry.type() != st.type() || t.uid != st.uid || t.gid != st.gid
                || t.entry.mode != st.permissions()) {
            return null;
        }
        if (t.entry.kind == LayoutEntry.Kind.CHAR && (t.entry.major != st.major() || t.entry.minor != st.minor())) {
            return null;
        }
        return "the layout declares it: " + t.entry.reason;
    }

    /** Returns why the layout lets the daemon own and write {@code rel} (it lies in a data directory), or null. */
    String inDataDir(String rel) {
        if (layout == null) {
            return null;
        }
        String dir = layout.dataDirAbove(rel);
        return dir == null ? null : "inside data directory /" + dir + ": " + layout.at(dir).entry.reason;
    }

    /** Names the owner and group as the layout knows them, else as numbers. */
    String owner(Stat st) {
        return layout == null ? st.uid + ":" + st.gid : layout.owner(st.uid, st.gid);
    }
}
