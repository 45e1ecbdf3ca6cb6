package io.jail4j.layout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The differences between a jail and its layout, in the order {@code apply()} handles them:
 * what {@link JailLayout#plan} says would change, or what {@link JailLayout#apply} changed.
 * {@link #toString()} prints it as a readable diff with the reason next to each line.
 */
public final class LayoutPlan {
    private final Path jail;
    private final List<LayoutChange> changes;
    private final List<LayoutChange> notes;

    LayoutPlan(Path jail, List<LayoutChange> all) {
        this.jail = jail;
        List<LayoutChange> c = new ArrayList<>();
        List<LayoutChange> n = new ArrayList<>();
        for (LayoutChange x : all) {
            (x.action() == LayoutChange.Action.NOTE ? n : c).add(x);
        }
        this.changes = List.copyOf(c);
        this.notes = List.copyOf(n);
    }

    /**
     * Returns the jail directory on the host.
     *
     * @return the jail directory given to {@link JailLayout#plan} or {@link JailLayout#apply},
     *     made absolute and normalized (symbolic links are not resolved)
     */
    public Path jail() {
        return jail;
    }

    /**
     * Returns the changes (every action but {@link LayoutChange.Action#NOTE}).
     *
     * @return an unmodifiable list of the changes in the order they are (or were) made; empty if
     *     the jail matches the layout
     */
    public List<LayoutChange> changes() {
        return changes;
    }

    /**
     * Returns the paths left alone that need a person's attention.
     *
     * @return an unmodifiable list of {@link LayoutChange.Action#NOTE} entries; may be non-empty
     *     even when there are no changes
     */
    public List<LayoutChange> notes() {
        return notes;
    }

    /**
     * Returns whether the jail already matches the layout.
     *
     * @return true if there are no changes (notes do not count); false otherwise
     */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * Returns the plan as a diff, one line a path, such as
     * <pre>
     * jail /srv/ftp: 2 changes, 1 note
     * + create  /dev/null     missing    -> char device 1:3 root:root 0666  # discarded output
     * ~ mode    /etc/passwd   0644       -> 0444                            # the declared users only
     * ? note    /run/app.sock socket     -> left in place                   # not in the layout; ...
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("jail ").append(jail).append(": ");
        if (changes.isEmpty()) {
            s.append("matches the layout");
        } else {
            s.append(changes.size()).append(changes.size() == 1 ? " change" : " changes");
        }
        if (!notes.isEmpty()) {
            s.append(", ").append(notes.size()).append(notes.size() == 1 ? " note" : " notes");
        }
        s.append('\n');
        List<LayoutChange> all = new ArrayList<>(changes);
        all.addAll(notes);
        int action = 0;
        int path = 0;
        int before = 0;
        int after = 0;
        for (LayoutChange c : all) {
            action = Math.max(action, c.action().id().length());
            path = Math.max(path, c.path().length());
            before = Math.max(before, c.before().length());
            after = Math.max(after, c.after().length());
        }
        for (LayoutChange c : all) {
            s.append(c.action().sign()).append(' ').append(pad(c.action().id(), action)).append("  ")
                    .append(pad(c.path(), path)).append("  ").append(pad(c.before(), before)).append(" -> ")
                    .append(pad(c.after(), after)).append("  # ").append(c.reason()).append('\n');
        }
        return s.toString();
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
