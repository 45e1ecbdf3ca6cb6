package io.jail4j.layout;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Real jails with planted defects, made as root under a base directory: {@code defects} (one
 * jail holding most defects, mounts included), {@code anc/bad/own/jail} (ancestors with a bad
 * mode and a bad owner), {@code link-jail} (a jail that is a symbolic link to {@code real-jail},
 * which is group-writable), {@code ftp} (a clean, realistic FTP jail made by a layout) and
 * {@code outside} (host files the jails link and mount). Each planted defect is listed with what
 * the audit must report and the jk_check message that would count as catching it.
 */
final class DefectTrees {
    static final long UID = 4242;
    static final Set<Long> GROUPS = Set.of(4242L);

    /** A planted defect: where, what the audit must report, and how jk_check would say it (null: it has no such check). */
    static final class Defect {
        final String tree;
        final String description;
        final String path;
        final Check check;
        final Severity severity;
        final String jkCheck;

        Defect(String tree, String description, String path, Check check, Severity severity, String jkCheck) {
            this.tree = tree;
            this.description = description;
            // the audit names paths as the jailed process sees them, ancestors by their host path
            this.path = path.startsWith("/") ? path : path.equals(".") ? "/" : "/" + path;
            this.check = check;
            this.severity = severity;
            this.jkCheck = jkCheck;
        }
    }

    final Path base;
    final Path defects;
    final Path ancestorJail;
    final Path linkJail;
    final Path ftp;
    final List<Defect> planted = new ArrayList<>();

    private DefectTrees(Path base) {
        this.base = base;
        this.defects = base.resolve("defects");
        this.ancestorJail = base.resolve("anc/bad/own/jail");
        this.linkJail = base.resolve("link-jail");
        this.ftp = base.resolve("ftp");
    }

    static JailLayout ftpLayout(Path base) {
        return JailLayout.standard()
                .user("root", 0, 0, "/", "/usr/sbin/nologin", "owns every file of the jail")
                .user("ftp", UID, UID, "/pub", "/usr/sbin/nologin", "the daemon's runtime user")
                .group("root", 0, List.of(), "owns every file of the jail")
                .group("ftp", UID, List.of(), "the daemon's group: may write uploads")
                .copy("/etc/localtime", Path.of("/usr/share/zoneinfo/Etc/UTC"), "root:root", 0444, "log time stamps in UTC")
                .text("/etc/nsswitch.conf", "passwd: files\ngroup: files\n", "root:root", 0444, "name lookups from the jail's files")
                .dir("/pub", "root:root", 0755, "files offered for download")
                .text("/pub/README", "Public files. Uploads go to /pub/incoming.\n", "root:root", 0444, "the welcome text")
                .dataDir("/pub/incoming", "root:ftp", 01730, "uploads: ftp may add files, nobody may list them");
    }

    static DefectTrees make(Path base) throws IOException {
        DefectTrees t = new DefectTrees(base);
        t.outside();
        t.defectJail();
        t.ancestors();
        t.linkedJail();
        JailLayout layout = ftpLayout(base);
        try {
            layout.apply(t.ftp, RootTrees.mknod());
        } catch (LayoutException e) {
            throw new IOException(e);
        }
        Path upload = t.ftp.resolve("pub/incoming/upload.bin");
        Files.writeString(upload, "uploaded by ftp\n");
        chown(upload, UID, UID);
        return t;
    }

    private void outside() throws IOException {
        Path o = Files.createDirectory(base.resolve("outside"));
        Files.writeString(o.resolve("host.so"), "a host library\n");
        Files.createDirectory(o.resolve("share"));
        Files.writeString(o.resolve("share/notes.txt"), "host notes\n");
    }

    private void defectJail() throws IOException {
        Path j = Files.createDirectory(defects);
        mode(j, 0755);
        for (String d : new String[] {"dev", "etc", "etc/ssl", "etc/ssl/private", "etc/ssl/certs", "bin", "usr", "usr/bin",
                "lib", "pub", "run", "proc", "tmp", "mnt", "mnt/host", "home", "home/ftp", "home/ftp/.ssh"}) {
            mode(Files.createDirectory(j.resolve(d)), 0755);
        }
        String tree = "defects";
        // devices
        RootTrees.run("mknod", "-m", "0666", j.resolve("dev/null").toString(), "c", "1", "3");
        RootTrees.run("mknod", "-m", "0666", j.resolve("dev/zero").toString(), "c", "1", "5");
        RootTrees.run("mknod", "-m", "0444", j.resolve("dev/random").toString(), "c", "1", "8");
        RootTrees.run("mknod", "-m", "0444", j.resolve("dev/urandom").toString(), "c", "1", "1");
        add(tree, "dev/urandom is really /dev/mem (char 1:1)", "dev/urandom", Check.DEVICE, Severity.ERROR, null);
        RootTrees.run("mknod", "-m", "0600", j.resolve("dev/sda").toString(), "b", "8", "0");
        add(tree, "block device dev/sda (8:0)", "dev/sda", Check.DEVICE, Severity.ERROR, null);
        RootTrees.run("mknod", "-m", "0600", j.resolve("dev/mem").toString(), "c", "1", "1");
        add(tree, "char device dev/mem (1:1)", "dev/mem", Check.DEVICE, Severity.ERROR, null);
        add(tree, "dev listable (0755, advice d--x--x--x)", "dev", Check.DEV_MODE, Severity.INFO, null);
        // setuid and setgid files, escape helpers
        file(j.resolve("usr/bin/suidprog"), "#!/bin/false\n", 0, 0, 04755);
        add(tree, "setuid root program", "usr/bin/suidprog", Check.SETID, Severity.ERROR, "suidprog is executable for others and setuid");
        file(j.resolve("usr/bin/capprog"), "#!/bin/false\n", 0, 0, 0755);
        RootTrees.run("setcap", "cap_setuid,cap_net_raw+ep", j.resolve("usr/bin/capprog").toString());
        add(tree, "program with file capabilities (cap_setuid+ep)", "usr/bin/capprog", Check.FILE_CAPS, Severity.ERROR,
                null);
        file(j.resolve("usr/bin/sgidprog"), "#!/bin/false\n", 0, 0, 02755);
        add(tree, "setgid root program", "usr/bin/sgidprog", Check.SETID, Severity.ERROR, "sgidprog is executable for others and setuid");
        Files.copy(Path.of("/bin/dash"), j.resolve("bin/sh"));
        mode(j.resolve("bin/sh"), 0755);
        add(tree, "a shell (copy of dash as bin/sh)", "bin/sh", Check.ESCAPE_TOOL, Severity.WARNING, null);
        Files.copy(Path.of("/bin/su"), j.resolve("bin/su"));
        mode(j.resolve("bin/su"), 0755);
        add(tree, "su (copy, setuid bit dropped)", "bin/su", Check.ESCAPE_TOOL, Severity.ERROR, null);
        file(j.resolve("usr/bin/sudo"), "#!/bin/false\n", 0, 0, 04755);
        add(tree, "sudo, setuid root", "usr/bin/sudo", Check.SETID, Severity.ERROR, "sudo is executable for others and setuid");
        add(tree, "sudo as an escape helper", "usr/bin/sudo", Check.ESCAPE_TOOL, Severity.ERROR, null);
        // links
        Files.createLink(j.resolve("lib/hostlink.so"), base.resolve("outside/host.so"));
        add(tree, "hard link to a host file", "lib/hostlink.so", Check.HARDLINK, Severity.WARNING, null);
        file(j.resolve("lib/a.so"), "shared inside\n", 0, 0, 0644);
        Files.createLink(j.resolve("lib/b.so"), j.resolve("lib/a.so"));
        Files.createSymbolicLink(j.resolve("lib64"), Path.of("lib"));
        Files.createSymbolicLink(j.resolve("etc/escape-abs"), Path.of("/etc/shadow"));
        add(tree, "absolute symlink to /etc/shadow", "etc/escape-abs", Check.SYMLINK_ESCAPE, Severity.WARNING, null);
        Files.createSymbolicLink(j.resolve("pub/escape-rel"), Path.of("../../../../../../../../etc/passwd"));
        add(tree, "relative symlink climbing out (../../..)", "pub/escape-rel", Check.SYMLINK_ESCAPE, Severity.WARNING, null);
        Files.createSymbolicLink(j.resolve("pub/broken"), Path.of("missing-file"));
        add(tree, "dangling symlink", "pub/broken", Check.SYMLINK_DANGLING, Severity.INFO, null);
        // fifo, socket
        RootTrees.run("mkfifo", "-m", "0600", j.resolve("run/ctl.fifo").toString());
        add(tree, "a fifo", "run/ctl.fifo", Check.FIFO, Severity.WARNING, null);
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(j.resolve("run/app.sock")));
        }
        add(tree, "a Unix socket", "run/app.sock", Check.SOCKET, Severity.WARNING, null);
        // accounts and secrets
        file(j.resolve("etc/passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "toor:x:0:0::/root:/bin/sh\n"
                + "ftp:x:4242:4242::/pub:/usr/sbin/nologin\n", 0, 0, 0644);
        add(tree, "etc/passwd: second uid 0 entry (toor)", "etc/passwd", Check.PASSWD_UID0, Severity.ERROR,
                "user toor in jail .* does not exist on the real system");
        add(tree, "etc/passwd: entry not needed (daemon)", "etc/passwd", Check.PASSWD_EXTRA, Severity.WARNING, "user daemon");
        file(j.resolve("etc/group"), "root:x:0:ftp\nadm:x:4:\nftp:x:4242:\n", 0, 0, 0644);
        add(tree, "etc/group: runtime user in group 0", "etc/group", Check.GROUP_ROOT_MEMBER, Severity.ERROR, null);
        add(tree, "etc/group: entry not needed (adm)", "etc/group", Check.GROUP_EXTRA, Severity.WARNING, null);
        file(j.resolve("etc/shadow"), "root:$6$salt$hash:19000:0:99999:7:::\n", 0, 0, 0644);
        add(tree, "world-readable etc/shadow", "etc/shadow", Check.SECRET, Severity.ERROR, null);
        file(j.resolve("etc/ssl/private/server.key"), "-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----\n", 0, 0, 0644);
        add(tree, "world-readable private key", "etc/ssl/private/server.key", Check.SECRET, Severity.ERROR, null);
        file(j.resolve("etc/ssl/private/tls.pem"), "-----BEGIN EC PRIVATE KEY-----\nMHc...\n-----END EC PRIVATE KEY-----\n",
                0, 4000, 0640);
        add(tree, "group-readable PEM private key", "etc/ssl/private/tls.pem", Check.SECRET, Severity.WARNING, null);
        file(j.resolve("etc/ssl/certs/ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n", 0, 0, 0644);
        file(j.resolve("home/ftp/.ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n", 0, 0, 0600);
        add(tree, "root-only private key inside the jail", "home/ftp/.ssh/id_ed25519", Check.SECRET, Severity.INFO, null);
        // permissions and owners
        mode(Files.createDirectory(j.resolve("pub/upload")), 0777);
        add(tree, "world-writable directory", "pub/upload", Check.WRITABLE, Severity.ERROR, "pub/upload/? is writable for others");
        file(j.resolve("etc/motd"), "welcome\n", 0, 4000, 0664);
        add(tree, "group-writable file (group not the user's)", "etc/motd", Check.WRITABLE, Severity.WARNING, null);
        file(j.resolve("pub/owned.txt"), "mine\n", UID, UID, 0644);
        add(tree, "file owned by the runtime user", "pub/owned.txt", Check.OWNER, Severity.ERROR, null);
        file(j.resolve("pub/other.txt"), "theirs\n", 5000, 5000, 0644);
        add(tree, "file owned by another uid", "pub/other.txt", Check.OWNER, Severity.WARNING, null);
        // mounts: proc, tmpfs, a bind mount of a directory outside the jail
        RootTrees.run("mount", "-t", "proc", "proc", j.resolve("proc").toString());
        add(tree, "proc mounted inside", "proc", Check.MOUNT, Severity.ERROR, null);
        RootTrees.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", j.resolve("tmp").toString());
        add(tree, "tmpfs mounted inside (suid, dev allowed)", "tmp", Check.MOUNT, Severity.WARNING, null);
        RootTrees.run("mount", "--bind", base.resolve("outside/share").toString(), j.resolve("mnt/host").toString());
        add(tree, "bind mount of a host directory", "mnt/host", Check.MOUNT, Severity.WARNING, null);
    }

    private void ancestors() throws IOException {
        Path bad = Files.createDirectories(base.resolve("anc/bad"));
        mode(base.resolve("anc"), 0755);
        mode(bad, 0777);
        Path own = Files.createDirectory(bad.resolve("own"));
        mode(own, 0755);
        chown(own, UID, UID);
        mode(Files.createDirectory(ancestorJail), 0755);
        add("anc/bad/own/jail", "ancestor writable by others (0777, not sticky)", bad.toString(), Check.JAIL_PATH,
                Severity.ERROR, "anc/bad is writable by group or others");
        add("anc/bad/own/jail", "ancestor owned by a user", own.toString(), Check.JAIL_PATH, Severity.ERROR,
                "anc/bad/own is not owned by root");
    }

    private void linkedJail() throws IOException {
        Path real = Files.createDirectory(base.resolve("real-jail"));
        mode(real, 0775);
        Files.createSymbolicLink(linkJail, real);
        add("link-jail", "the jail path is a symbolic link", ".", Check.JAIL_SYMLINK, Severity.ERROR,
                "link-jail is a symlink");
        add("link-jail", "the jail itself is group-writable (0775)", ".", Check.JAIL_PATH, Severity.ERROR,
                "link-jail/? is writable for group");
    }

    private void add(String tree, String description, String path, Check check, Severity severity, String jk) {
        planted.add(new Defect(tree, description, path, check, severity, jk));
    }

    static Path file(Path path, String text, long uid, long gid, int mode) throws IOException {
        Files.writeString(path, text);
        chown(path, uid, gid);
        return mode(path, mode);
    }

    static void chown(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static Path mode(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return path;
    }
}
