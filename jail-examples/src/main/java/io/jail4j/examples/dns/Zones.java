package io.jail4j.examples.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.xbill.DNS.Name;

/** The zones served, immutable: a reload builds a new set and swaps it in whole. */
final class Zones {
    /** Deepest apex first, so that the first match is the closest enclosing zone. */
    private final List<Zone> zones;

    private Zones(List<Zone> zones) {
        this.zones = zones;
    }

    /** Loads every zone file; refuses two files for the same origin. */
    static Zones load(ZoneRoot root, List<String> paths) throws ZoneException {
        List<Zone> all = new ArrayList<>();
        for (String path : paths) {
            all.add(ZoneLoader.load(root, path));
        }
        return of(all);
    }

    /** Builds the set from loaded zones; refuses two zones with the same origin. */
    static Zones of(List<Zone> list) throws ZoneException {
        List<Zone> sorted = new ArrayList<>(list);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sorted.get(i).apex.equals(sorted.get(j).apex)) {
                    throw new ZoneException(sorted.get(i).file, 0, "zone " + sorted.get(i).apex
                            + " is also loaded from " + sorted.get(j).file);
                }
            }
        }
        sorted.sort((a, b) -> b.apex.labels() - a.apex.labels());
        return new Zones(Collections.unmodifiableList(sorted));
    }

    /** Returns the closest zone that contains {@code name}, or null if none is served. */
    Zone find(Name name) {
        for (Zone z : zones) {
            if (name.subdomain(z.apex)) {
                return z;
            }
        }
        return null;
    }

    /** Returns the zone whose apex is exactly {@code name}, or null. */
    Zone exact(Name name) {
        for (Zone z : zones) {
            if (z.apex.equals(name)) {
                return z;
            }
        }
        return null;
    }

    /** Returns the closest zone strictly above {@code zone}, or null. */
    Zone parentOf(Zone zone) {
        if (zone.apex.labels() <= 1) {
            return null;
        }
        return find(new Name(zone.apex, 1));
    }

    List<Zone> all() {
        return zones;
    }

    /** Returns e.g. {@code example.test (serial 2024010101)}, one per zone, for log lines. */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (Zone z : zones) {
            parts.add(z.apex + " (serial " + z.serial() + ")");
        }
        return String.join(", ", parts);
    }
}
