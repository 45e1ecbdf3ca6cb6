package io.jail4j.layout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link JailLayout} declares: its entries by path (relative to the jail, "" for the jail
 * itself), its users and groups, and the paths it omits with their reasons. Immutable; each
 * change returns new declarations, a path or account declared again replacing the earlier one.
 */
final class LayoutDeclarations {
    /** Nothing declared. */
    static final LayoutDeclarations NONE = new LayoutDeclarations(Map.of(), List.of(), List.of(), Map.of());

    final Map<String, LayoutEntry> entries;
    final List<Accounts.User> users;
    final List<Accounts.Group> groups;
    final Map<String, String> omitted;

    private LayoutDeclarations(Map<String, LayoutEntry> entries, List<Accounts.User> users,
                               List<Accounts.Group> groups, Map<String, String> omitted) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
        this.omitted = Collections.unmodifiableMap(new TreeMap<>(omitted));
    }

    /** Returns these declarations with {@code entry}, no longer omitted if it was. */
    LayoutDeclarations with(LayoutEntry entry) {
        Map<String, LayoutEntry> e = new TreeMap<>(entries);
        e.put(entry.path, entry);
        Map<String, String> o = new TreeMap<>(omitted);
        o.remove(entry.path);
        return new LayoutDeclarations(e, users, groups, o);
    }

    /** Returns these declarations with {@code user}, replacing a user of the same name. */
    LayoutDeclarations with(Accounts.User user) {
        List<Accounts.User> u = new ArrayList<>(users);
        u.removeIf(x -> x.name.equals(user.name));
        u.add(user);
        return new LayoutDeclarations(entries, u, groups, omitted);
    }

    /** Returns these declarations with {@code group}, replacing a group of the same name. */
    LayoutDeclarations with(Accounts.Group group) {
        List<Accounts.Group> g = new ArrayList<>(groups);
        g.removeIf(x -> x.name.equals(group.name));
        g.add(group);
        return new LayoutDeclarations(entries, users, g, omitted);
    }

    /** Returns these declarations without an entry at {@code path}, recording why it is omitted. */
    LayoutDeclarations without(String path, String reason) {
        Map<String, LayoutEntry> e = new TreeMap<>(entries);
        e.remove(path);
        Map<String, String> o = new TreeMap<>(omitted);
        o.put(path, reason);
        return new LayoutDeclarations(e, users, groups, o);
    }
}
