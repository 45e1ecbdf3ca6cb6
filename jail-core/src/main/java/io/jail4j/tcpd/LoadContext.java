package io.jail4j.tcpd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one load of a rule set shares: host facts, handlers, and what it read and remarked. */
final class LoadContext {
    final Set<String> interfaces;
    final Map<String, OptionHandler> handlers;
    final List<Diagnostic> notes = new ArrayList<>();
    final List<FileStamp> stamps = new ArrayList<>();
    final ListFile.Loader lists;

    LoadContext(Set<String> interfaces, Map<String, OptionHandler> handlers) {
        this.interfaces = interfaces;
        this.handlers = handlers;
        this.lists = new ListFile.Loader(interfaces, FileSizeLimit.DEFAULT, stamps, notes);
    }
}
