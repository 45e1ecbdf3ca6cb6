package io.jail4j.tcpd;

import java.util.List;
import java.util.Set;

/**
 * What a check carries besides the request: the host's interface names (for {@code %scope} in
 * IPv6 text) and, when an explanation is being built, where to note what libwrap would log while
 * matching (a list file it cannot open) and which rule is being tried.
 */
final class MatchContext {
    final Set<String> interfaces;
    final List<String> trace;
    String file = "";
    int line;

    MatchContext(Set<String> interfaces, List<String> trace) {
        this.interfaces = interfaces;
        this.trace = trace;
    }
}
