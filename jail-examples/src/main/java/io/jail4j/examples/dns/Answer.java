package io.jail4j.examples.dns;

import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.Name;

/**
 * What a response holds before it is encoded: RRsets, each with the owner it is written under
 * and its section, in the order they were added, plus the response code, the AA flag and an
 * extended error code (RFC 8914). Sections are NSD's, in encoding order.
 */
final class Answer {
    static final int ANSWER = 0;
    static final int AUTHORITY = 1;
    /** The zone's NS RRset added to positive answers; dropped first when space runs out. */
    static final int OPTIONAL_AUTHORITY = 2;
    static final int ADDITIONAL_A = 3;
    static final int ADDITIONAL_AAAA = 4;
    static final int ADDITIONAL_OTHER = 5;
    static final int SECTIONS = 6;
    /** NSD's MAXRRSPP: the most RRsets one answer holds. */
    static final int MAX_RRSETS = 10240;

    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int NXDOMAIN = 3;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;
    static final int NOTAUTH = 9;

    static final int EDE_PROHIBITED = 18;
    static final int EDE_NOT_AUTHORITATIVE = 20;
    static final int EDE_NOT_SUPPORTED = 21;

    final List<Name> owners = new ArrayList<>();
    final List<RRset> rrsets = new ArrayList<>();
    final List<Integer> sections = new ArrayList<>();
    int rcode;
    boolean aa;
    /** The extended DNS error to report, or -1. */
    int ede = -1;
    /** Whether the last zone consulted had a delegation on the way (NSD's delegation_domain). */
    boolean delegation;

    /**
     * Adds an RRset unless it is already there for the same owner; if it is there in a later
     * section, moves it up. Returns whether it was added or moved.
     */
    boolean add(int section, Name owner, RRset rrset) {
        for (int i = 0; i < rrsets.size(); i++) {
            if (rrsets.get(i) == rrset && owners.get(i).equals(owner)) {
                if (section < sections.get(i)) {
                    sections.set(i, section);
                    return true;
                }
                return false;
            }
        }
        if (rrsets.size() >= MAX_RRSETS) {
            return false;
        }
        owners.add(owner);
        rrsets.add(rrset);
        sections.add(section);
        return true;
    }

    int size() {
        return rrsets.size();
    }
}
