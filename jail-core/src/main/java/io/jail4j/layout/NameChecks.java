package io.jail4j.layout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks that go by a file's name: programs that help an attacker, and secrets. */
final class NameChecks {
    private static final Map<String, String> PRIVILEGE = names("changes privileges by design (a setuid copy is a way"
            + " to root, and root breaks out of a chroot)", "su", "sudo", "sudoedit", "doas", "pkexec", "newgrp", "sg",
            "chsh", "chfn", "passwd", "gpasswd", "mount", "umount", "fusermount", "fusermount3");
    private static final Map<String, String> HELPERS = names("a shell: turns any code execution into an interactive"
            + " foothold; a daemon that jails itself never needs one", "sh", "bash", "dash", "zsh", "ksh", "mksh", "csh",
            "tcsh", "fish", "ash", "busybox", "toybox");
    private static final Map<String, String> TOOLS = names("helps an attacker inside: namespaces, debugging,"
            + " or a network tunnel", "unshare", "nsenter", "chroot", "setpriv", "capsh", "setcap", "gdb", "strace",
            "ltrace", "nc", "ncat", "netcat", "socat", "telnet", "ssh", "scp", "curl", "wget");
    private static final Pattern INTERPRETER = Pattern.compile("(python|perl|ruby|php|lua|luajit|node|nodejs|tclsh|wish"
            + "|expect|gawk|mawk|awk)[0-9.]*");
    private static final Set<String> SHADOW = Set.of("etc/shadow", "etc/shadow-", "etc/gshadow", "etc/gshadow-",
            "etc/master.passwd", "etc/security/opasswd");
    private static final Pattern KEY = Pattern.compile("id_(rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)|ssh_host_.*_key"
            + "|.*\\.key");
    private static final Set<String> STORES = Set.of("p12", "pfx", "jks", "keystore");

    private NameChecks() {
    }

    private static Map<String, String> names(String why, String... names) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String n : names) {
            m.put(n, why);
        }
        return Map.copyOf(m);
    }

    static void check(AuditRun run, String rel, Path path, Stat st) throws IOException {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        if ((st.isSymlink() && !rel.startsWith("etc/")) || (st.isRegular() && (st.permissions() & 0111) != 0)) {
            tool(run, rel, name, st);
        }
        if (st.isRegular()) {
            secret(run, rel, name, path, st);
        }
    }

    private static void tool(AuditRun run, String rel, String name, Stat st) {
        Severity severity = Severity.WARNING;
        String why = PRIVILEGE.get(name);
        if (why != null) {
            severity = Severity.ERROR;
        } else {
            why = HELPERS.get(name);
        }
        if (why == null) {
            why = TOOLS.get(name);
        }
        if (why == null && INTERPRETER.matcher(name).matches()) {
            why = "an interpreter: runs any program an attacker writes, with no compiler needed";
        }
        if (why == null) {
            return;
        }
        String what = (st.isSymlink() ? "a link named " : "") + name + ": " + why;
        String allowed = run.declared(rel, st);
        if (allowed != null) {
            run.add(rel, Check.ESCAPE_TOOL, Severity.INFO, what + "; allowed, " + allowed, "");
        } else {
            run.add(rel, Check.ESCAPE_TOOL, severity, what, "rm " + run.host(rel) + ", or declare it in the layout with a reason");
        }
    }

    private static void secret(AuditRun run, String rel, String name, Path path, Stat st) throws IOException {
        String what;
        if (SHADOW.contains(rel)) {
            what = "password hashes (" + AuditRun.shown(rel) + ")";
        } else if (name.endsWith(".key") || (name.startsWith("id_") || name.startsWith("ssh_host_")) && KEY.matcher(name).matches()) {
            what = "a private key (" + name + ")";
        } else if (STORES.contains(name.substring(name.lastIndexOf('.') + 1))) {
            what = "a key store (" + name + ")";
        } else if (name.endsWith(".pem") && (st.permissions() & 0044) != 0 && holdsPrivateKey(path)) {
            what = "a private key (PEM)";
        } else {
            return;
        }
        String mode = " (" + run.owner(st) + " " + Stat.octal(st.permissions()) + ")";
        if (run.user.canRead(st) || run.user.owns(st)) {
            run.add(rel, Check.SECRET, Severity.ERROR, what + " readable by " + (run.user.known() ? "the runtime user"
                    : "others") + mode + ": one file read away from an attacker", "chmod go-r " + run.host(rel)
                    + " && chown root:root " + run.host(rel) + ", or better, keep it out of the jail and read it before enter()");
        } else if ((st.permissions() & 0044) != 0) {
            run.add(rel, Check.SECRET, Severity.WARNING, what + " readable by group " + st.gid + " or others" + mode,
                    "chmod go-r " + run.host(rel) + ", or keep it out of the jail and read it before enter()");
        } else {
            run.add(rel, Check.SECRET, Severity.INFO, what + " readable by root only" + mode + "; does the daemon"
                    + " need it inside the jail? read it before enter() instead", "");
        }
    }

    private static boolean holdsPrivateKey(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(16384), StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----");
        }
    }
}
