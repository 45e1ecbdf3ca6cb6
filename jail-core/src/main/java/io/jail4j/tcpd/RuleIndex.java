package io.jail4j.tcpd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the first matching rule of a table without trying every rule. Rules whose client list
 * holds only plain forms (an exact name or address, an {@code a.b.} address prefix, a
 * {@code .domain} suffix, an IPv4 net/mask) are filed under each form; the others ("any client")
 * are filed by daemon name when their daemon list names only plain daemon names, else under "any
 * daemon". A check looks up the few lists that can hold a match, skips rules for other daemons
 * by comparing names, and tests the rest in full in file order, keeping the lowest match, so the
 * rule found is the one libwrap's linear scan would find.
 */
final class RuleIndex {
    private final List<Rule> rules;
    /** Per rule: the lowered daemon names it can match, or {@code null} for any. */
    private final String[][] daemons;
    private final Map<String, int[]> anyClientByDaemon;
    private final int[] anyClientAnyDaemon;
    private final Bucket byClient;

    RuleIndex(List<Rule> rules) {
        this.rules = rules;
        this.daemons = new String[rules.size()][];
        Map<String, List<Integer>> byDaemon = new HashMap<>();
        List<Integer> anyDaemon = new ArrayList<>();
        Bucket.Builder clients = new Bucket.Builder();
        for (Rule rule : rules) {
            List<String> names = literals(rule.daemons);
            daemons[rule.index] = names == null ? null : names.toArray(new String[0]);
            if (clients.add(rule)) {
                continue;
            }
            if (names == null) {
                anyDaemon.add(rule.index);
            } else {
                for (String name : names) {
                    byDaemon.computeIfAbsent(name, k -> new ArrayList<>()).add(rule.index);
                }
            }
        }
        this.anyClientByDaemon = Bucket.freeze(byDaemon);
        this.anyClientAnyDaemon = Bucket.ids(anyDaemon);
        this.byClient = clients.build();
    }

    private static List<String> literals(PatternList<ServerToken> daemons) {
        if (daemons.segments.size() != 1) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (ServerToken t : daemons.segments.get(0)) {
            String literal = t.literal();
            if (literal == null) {
                return null;
            }
            names.add(literal);
        }
        return names;
    }

    /** Returns the first rule that matches {@code r}, in file order, or {@code null}. */
    Rule first(Request r, MatchContext ctx) {
        String daemon = r.daemonSubject().lower;
        int best = scan(anyClientAnyDaemon, daemon, r, ctx, rules.size());
        int[] named = anyClientByDaemon.isEmpty() ? null : anyClientByDaemon.get(daemon);
        if (named != null) {
            best = scan(named, daemon, r, ctx, best);
        }
        best = byClient.first(this, daemon, r, ctx, best);
        return best < rules.size() ? rules.get(best) : null;
    }

    /**
     * Returns the first id of {@code list} below {@code best} whose rule is for {@code daemon}
     * (lowered) and matches, else {@code best}.
     */
    int scan(int[] list, String daemon, Request r, MatchContext ctx, int best) {
        for (int id : list) {
            if (id >= best) {
                return best;
            }
            String[] names = daemons[id];
            if (names != null) {
                boolean named = false;
                for (String n : names) {
                    if (n.equals(daemon)) {
                        named = true;
                        break;
                    }
                }
                if (!named) {
                    continue;
                }
            }
            if (rules.get(id).matches(r, ctx)) {
                return id;
            }
        }
        return best;
    }

    /** Rules filed by client form. */
    static final class Bucket {
        private final Map<String, int[]> exact;
        private final SliceMap suffixes;
        private final boolean hasSuffixes;
        private final boolean hasPrefixes;
        private final SliceMap prefixes;
        private final long[] masks;
        private final List<LongMap> nets;

        private Bucket(Builder b) {
            this.exact = freeze(b.exact);
            this.suffixes = new SliceMap(freeze(b.suffixes));
            this.hasSuffixes = !b.suffixes.isEmpty();
            Map<String, int[]> allPrefixes = new HashMap<>();
            b.prefixes.values().forEach(m -> allPrefixes.putAll(freeze(m)));
            this.prefixes = new SliceMap(allPrefixes);
            this.hasPrefixes = !allPrefixes.isEmpty();
            this.masks = b.nets.keySet().stream().mapToLong(Long::longValue).toArray();
            this.nets = new ArrayList<>();
            b.nets.values().forEach(m -> {
                LongMap lm = new LongMap(m.size());
                m.forEach((k, v) -> lm.put(k, ids(v)));
                nets.add(lm);
            });
        }

        /** Returns the lowest id below {@code best} of a rule here that matches, else {@code best}. */
        int first(RuleIndex index, String daemon, Request r, MatchContext ctx, int best) {
            Endpoint client = r.client();
            String key = client.addr().lower;
            int[] l;
            if (!exact.isEmpty()) {
                if ((l = exact.get(key)) != null) {
                    best = index.scan(l, daemon, r, ctx, best);
                }
                String name = client.name().lower;
                if (!name.equals(key) && (l = exact.get(name)) != null) {
                    best = index.scan(l, daemon, r, ctx, best);
                }
            }
            if (hasPrefixes) {
                // a prefix pattern ends in '.', so it can only end where the address has a dot
                int h = 0;
                for (int i = 0; i < key.length(); i++) {
                    char c = key.charAt(i);
                    h = 31 * h + c;
                    if (c == '.' && prefixes.holdsLength(i + 1) && (l = prefixes.get(key, 0, i + 1, h)) != null) {
                        best = index.scan(l, daemon, r, ctx, best);
                    }
                }
            }
            if (masks.length > 0) {
                long v = client.v4().value();
                if (v != CNumbers.NONE) {
                    for (int i = 0; i < masks.length; i++) {
                        if ((l = nets.get(i).get(v & masks[i])) != null) {
                            best = index.scan(l, daemon, r, ctx, best);
                        }
                    }
                }
            }
            if (hasSuffixes) {
                best = suffixes(index, daemon, key, r, ctx, best);
                String name = client.name().lower;
                if (!name.equals(key)) {
                    best = suffixes(index, daemon, name, r, ctx, best);
                }
            }
            return best;
        }

        /** Scans the lists of every {@code .suffix} of {@code s} (not {@code s} itself). */
        private int suffixes(RuleIndex index, String daemon, String s, Request r, MatchContext ctx, int best) {
            int h = 0;
            int pow = 1;
            for (int i = s.length() - 1; i >= 1; i--) {
                h += s.charAt(i) * pow;
                pow *= 31;
                if (s.charAt(i) == '.' && suffixes.holdsLength(s.length() - i)) {
                    int[] l = suffixes.get(s, i, s.length(), h);
                    if (l != null) {
                        best = index.scan(l, daemon, r, ctx, best);
                    }
                }
            }
            return best;
        }

        static Map<String, int[]> freeze(Map<String, List<Integer>> m) {
            Map<String, int[]> out = new HashMap<>(m.size() * 2);
            m.forEach((k, v) -> out.put(k, ids(v)));
            return out;
        }

        static int[] ids(List<Integer> v) {
            return v.stream().mapToInt(Integer::intValue).distinct().toArray();
        }

        static final class Builder {
            private final Map<String, List<Integer>> exact = new HashMap<>();
            private final Map<String, List<Integer>> suffixes = new HashMap<>();
            private final TreeMap<Integer, Map<String, List<Integer>>> prefixes = new TreeMap<>();
            private final TreeMap<Long, Map<Long, List<Integer>>> nets = new TreeMap<>();

            /** Files {@code rule} by its client forms; returns false if it has other forms. */
            boolean add(Rule rule) {
                PatternList<ClientToken> clients = rule.clients;
                if (clients.segments.size() != 1 || !clients.segments.get(0).stream().allMatch(Builder::indexable)) {
                    return false;
                }
                for (ClientToken t : clients.segments.get(0)) {
                    HostPattern h = t.host;
                    if (h.kind == HostPattern.Kind.MASKED) {
                        if (h.v4ok) {
                            nets.computeIfAbsent(h.mask, k -> new HashMap<>())
                                    .computeIfAbsent(h.net, k -> new ArrayList<>()).add(rule.index);
                        }
                    } else if (h.string.kind == StringPattern.Kind.EXACT) {
                        exact.computeIfAbsent(h.string.lower, k -> new ArrayList<>()).add(rule.index);
                    } else if (h.string.kind == StringPattern.Kind.SUFFIX) {
                        suffixes.computeIfAbsent(h.string.lower, k -> new ArrayList<>()).add(rule.index);
                    } else {
                        prefixes.computeIfAbsent(h.string.lower.length(), k -> new HashMap<>())
                                .computeIfAbsent(h.string.lower, k -> new ArrayList<>()).add(rule.index);
                    }
                }
                return true;
            }

            private static boolean indexable(ClientToken t) {
                HostPattern h = t.host;
                if (!t.hostOnly()) {
                    return false;
                }
                if (h.kind == HostPattern.Kind.MASKED) {
                    return !h.hasNet6();
                }
                if (h.kind != HostPattern.Kind.STRING) {
                    return false;
                }
                StringPattern.Kind k = h.string.kind;
                return k == StringPattern.Kind.EXACT || k == StringPattern.Kind.SUFFIX
                        || k == StringPattern.Kind.PREFIX && !h.alsoName;
            }

            Bucket build() {
                return new Bucket(this);
            }
        }
    }
}
