package io.jail4j.tcpd;

import java.util.ArrayList;
import java.util.List;

/**
 * A daemon or client list with {@code EXCEPT}, as libwrap's {@code list_match} reads it: the
 * entries before the first {@code EXCEPT} are tried in order; if one matches, the rest of the list
 * after that {@code EXCEPT} is matched the same way and, if it matches, cancels the match. So
 * {@code a EXCEPT b EXCEPT c} is {@code a EXCEPT (b EXCEPT c)}, an empty first part never matches,
 * and a trailing {@code EXCEPT} with nothing after it excepts nothing. Evaluated without
 * recursion, so deep nesting costs no stack.
 */
final class PatternList<T extends PatternList.Item> {
    /** One list entry. */
    interface Item {
        boolean matches(Request r, MatchContext ctx);
    }

    /** The parts between {@code EXCEPT}s, in order. */
    final List<List<T>> segments;

    PatternList(List<List<T>> segments) {
        this.segments = segments;
    }

    /** Splits libwrap's tokens (separated by blanks and commas) at each {@code EXCEPT}. */
    static List<List<String>> split(String list) {
        List<List<String>> segments = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int i = 0;
        while (i < list.length()) {
            if (", \t\r\n".indexOf(list.charAt(i)) >= 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < list.length() && ", \t\r\n".indexOf(list.charAt(i)) < 0) {
                i++;
            }
            String tok = list.substring(start, i);
            if (CText.eqIgnoreCase(tok, "EXCEPT")) {
                segments.add(current);
                current = new ArrayList<>();
            } else {
                current.add(tok);
            }
        }
        segments.add(current);
        return segments;
    }

    boolean matches(Request r, MatchContext ctx) {
        for (int depth = 0; depth < segments.size(); depth++) {
            boolean any = false;
            List<T> segment = segments.get(depth);
            for (int i = 0, n = segment.size(); i < n; i++) { // no iterator: this runs at every check
                if (segment.get(i).matches(r, ctx)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return depth % 2 == 1; // this part failed: the part it excepts from stands
            }
            if (depth + 1 == segments.size()) {
                return depth % 2 == 0;
            }
        }
        return false;
    }
}
