package io.jail4j.tcpd;

/**
 * The {@code *} and {@code ?} wildcards of Debian's libwrap ({@code match_pattern_ylo}, from
 * Tatu Ylonen's ssh), case-insensitive in ASCII.
 *
 * <p>One detail differs from a plain glob and is kept: a {@code *} that is followed by another
 * wildcard only tries positions before the end of the string, so {@code a**} does not match
 * {@code a} (a lone trailing {@code *} matches the empty rest). The recursion of the original is
 * evaluated here as a table over (string position, pattern position), so a hostile pattern costs
 * at most length(pattern) x length(string) steps instead of exponential time.
 */
final class Glob {
    private final String pattern;

    /** Creates a matcher for {@code pattern}, already lowered with {@link CText#lower}. */
    Glob(String pattern) {
        this.pattern = pattern;
    }

    /** Returns whether {@code s} (lowered) matches. */
    boolean matches(String s) {
        int n = s.length();
        int m = pattern.length();
        boolean[] next2 = new boolean[n + 1];
        boolean[] next1 = new boolean[n + 1];
        boolean[] cur = new boolean[n + 1];
        next1[n] = true; // column m: only the end of the string matches the end of the pattern
        for (int pi = m - 1; pi >= 0; pi--) {
            char p = pattern.charAt(pi);
            if (p == '*') {
                if (pi + 1 == m) {
                    java.util.Arrays.fill(cur, true);
                } else {
                    char after = pattern.charAt(pi + 1);
                    boolean any = false;
                    cur[n] = false;
                    for (int k = n - 1; k >= 0; k--) {
                        boolean here = after != '?' && after != '*'
                                ? s.charAt(k) == after && next2[k + 1]
                                : next1[k];
                        any |= here;
                        cur[k] = any;
                    }
                }
            } else {
                cur[n] = false;
                for (int si = n - 1; si >= 0; si--) {
                    cur[si] = (p == '?' || s.charAt(si) == p) && next1[si + 1];
                }
            }
            boolean[] spare = next2;
            next2 = next1;
            next1 = cur;
            cur = spare;
        }
        return next1[0];
    }
}
