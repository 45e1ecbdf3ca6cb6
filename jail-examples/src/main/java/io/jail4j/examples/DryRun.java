package io.jail4j.examples;

import io.jail4j.tcpd.Decision;
import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.OptionHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Rules loaded the way {@code tcpdmatch} and a dry-run {@code hosts_ctl} treat them: options that
 * would run a command or change the process are accepted and not carried out ({@code user} and
 * {@code group} only check that the name exists in {@code /etc/passwd} or {@code /etc/group},
 * failing as libwrap's lookup would), and a {@code twist} counts as the match it is in a dry run.
 */
final class DryRun {
    private DryRun() {
    }

    static HostsAccess load(Path allow, Path deny) throws HostsFileException {
        OptionHandler accept = (option, value, request) -> true;
        return HostsAccess.builder().allowFile(allow).denyFile(deny)
                .handle("spawn", accept).handle("twist", accept).handle("aclexec", accept).handle("setenv", accept)
                .handle("nice", accept).handle("umask", accept)
                .handle("user", (option, value, request) -> user(value))
                .handle("group", (option, value, request) -> group(value))
                .load();
    }

    /** Returns the verdict of a dry run: a twist in the allow file grants, in the deny file denies. */
    static boolean granted(Decision d, HostsAccess rules) {
        if (d.delegated()) {
            return d.file().map(f -> f.equals(rules.allowFile())).orElse(false);
        }
        return d.allowed();
    }

    /** libwrap's {@code user name[.group]} lookups, failing with libwrap's message. */
    private static boolean user(String value) {
        int dot = value.indexOf('.');
        if (dot >= 0) {
            group(value.substring(dot + 1));
        }
        String name = dot >= 0 ? value.substring(0, dot) : value;
        if (!exists(Path.of("/etc/passwd"), name)) {
            throw new IllegalArgumentException("unknown user: \"" + name + "\"");
        }
        return true;
    }

    private static boolean group(String name) {
        if (!exists(Path.of("/etc/group"), name)) {
            throw new IllegalArgumentException("unknown group: \"" + name + "\"");
        }
        return true;
    }

    private static boolean exists(Path db, String name) {
        try {
            List<String> lines = Files.readAllLines(db, StandardCharsets.UTF_8);
            for (String l : lines) {
                if (l.startsWith(name + ":")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
