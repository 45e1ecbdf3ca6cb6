package io.jail4j.examples.ftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands on the served tree: navigation ({@code CWD CDUP PWD}), information ({@code SIZE MDTM
 * MLST STAT}), listings ({@code LIST NLST MLSD}) and transfers ({@code RETR}, {@code STOR} into
 * the drop box only). Every path goes through {@link VirtualPath} and {@link FileTree}; replies
 * name paths only as the client sees them.
 */
final class FileCommands {
    static final String DENIED = "550 Permission denied.";

    private final Session s;
    private final FileTree tree;

    FileCommands(Session session) {
        this.s = session;
        this.tree = session.config.tree();
    }

    /** Handles the command if it is one of these; returns false otherwise. */
    boolean handle(Command c) throws IOException {
        String arg = c.arg();
        switch (c.verb()) {
            case "CWD": case "XCWD": cwd(arg); break;
            case "CDUP": case "XCUP": cwd(".."); break;
            case "PWD": case "XPWD": s.control.reply("257 " + Replies.quoted(s.cwd) + " is the current directory"); break;
            case "SIZE": size(arg); break;
            case "MDTM": mdtm(arg); break;
            case "LIST": case "NLST": list(arg, c.verb().equals("NLST")); break;
            case "MLSD": mlsd(arg); break;
            case "MLST": mlst(arg); break;
            case "STAT": stat(arg); break;
            case "RETR": new Transfers(s).retr(arg, path(arg)); break;
            case "STOR": new Transfers(s).stor(arg, path(arg)); break;
            case "APPE": case "STOU": case "DELE": case "MKD": case "XMKD": case "RMD": case "XRMD":
            case "RNFR": case "RNTO": case "SITE":
                s.control.reply(DENIED);
                break;
            default:
                return false;
        }
        return true;
    }

    /** Resolves an argument against the working directory; null if it holds control characters. */
    String path(String arg) {
        try {
            return VirtualPath.resolve(s.cwd, arg);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void cwd(String arg) throws IOException {
        String v = path(arg);
        if (v != null && tree.directory(v) != null) {
            s.cwd = v;
            s.control.reply("250 Directory successfully changed.");
        } else {
            s.control.reply("550 Failed to change directory.");
        }
    }

    private void size(String arg) throws IOException {
        String v = path(arg);
        Path real = v == null ? null : tree.readable(v);
        s.control.reply(real != null ? "213 " + Files.size(real) : "550 Could not get file size.");
    }

    private void mdtm(String arg) throws IOException {
        String v = path(arg);
        Path real = v == null ? null : tree.readable(v);
        s.control.reply(real != null ? "213 " + Listing.timeVal(Files.getLastModifiedTime(real).toMillis() / 1000)
                : "550 Could not get file modification time.");
    }

    private void list(String arg, boolean names) throws IOException {
        if (!s.data.ready()) {
            s.control.reply("425 Use PORT or PASV first.");
            return;
        }
        boolean all = false;
        String rest = arg;
        if (rest.startsWith("-")) {
            int space = rest.indexOf(' ');
            all = rest.substring(0, space < 0 ? rest.length() : space).indexOf('a') > 0;
            rest = space < 0 ? "" : rest.substring(space + 1).trim();
        }
        List<String> lines;
        try {
            lines = listLines(rest, all, names);
        } catch (SecurityException e) {
            s.control.reply(DENIED);
            return;
        }
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append(l).append("\r\n");
        }
        new Transfers(s).text("150 Here comes the directory listing.", text.toString(), "226 Directory send OK.");
    }

    /** Returns LIST (or NLST) lines; a missing path lists nothing, as vsftpd does. */
    private List<String> listLines(String arg, boolean all, boolean names) throws IOException {
        String v = path(arg);
        Path real = v == null ? null : tree.existing(v);
        if (v != null && tree.inUploadBox(v, real)) {
            throw new SecurityException("drop box");
        }
        List<String> lines = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        if (real == null) {
            // a link that leads nowhere inside the tree (dangling, or outside) is listed as itself, as
            // vsftpd lists it; anything else missing lists nothing
            Path link = v == null ? null : tree.entry(v);
            if (link != null && Files.isSymbolicLink(link)) {
                lines.add(names ? Replies.printable(arg) : Listing.line(Listing.read(link, baseName(arg)), now));
            }
            return lines;
        }
        if (Files.isDirectory(real)) {
            String prefix = arg.isEmpty() ? "" : arg.endsWith("/") ? arg : arg + "/";
            for (Listing.Entry e : Listing.directory(real, parentOf(v, real), all)) {
                lines.add(names ? Replies.printable(prefix + e.name()) : Listing.line(e, now));
            }
        } else {
            Path entry = tree.entry(v);
            Listing.Entry e = Listing.read(entry == null ? real : entry, baseName(arg));
            lines.add(names ? Replies.printable(arg) : Listing.line(e, now));
        }
        return lines;
    }

    /** Returns the last component of an argument, which vsftpd's {@code LIST dir/name} shows. */
    private static String baseName(String arg) {
        return arg.substring(arg.lastIndexOf('/') + 1);
    }

    /** Returns the parent shown as {@code ..}: the directory itself at the top of the tree. */
    private Path parentOf(String virtual, Path real) {
        if (virtual.equals("/")) {
            return real;
        }
        Path p = tree.existing(virtual.substring(0, virtual.lastIndexOf('/')).isEmpty() ? "/"
                : virtual.substring(0, virtual.lastIndexOf('/')));
        return p == null ? real : p;
    }

    private void mlsd(String arg) throws IOException {
        if (!s.data.ready()) {
            s.control.reply("425 Use PORT or PASV first.");
            return;
        }
        String v = path(arg);
        Path real = v == null ? null : tree.existing(v);
        if (v != null && tree.inUploadBox(v, real)) {
            s.control.reply(DENIED);
            return;
        }
        if (real == null) {
            s.control.reply("550 No such directory.");
            return;
        }
        if (!Files.isDirectory(real)) {
            s.control.reply("501 Not a directory.");
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Listing.Entry e : Listing.directory(real, real, false)) {
            String child = v.equals("/") ? "/" + e.name() : v + "/" + e.name();
            text.append(factsLine(e, child, e.name())).append("\r\n");
        }
        new Transfers(s).text("150 Here comes the directory listing.", text.toString(), "226 Directory send OK.");
    }

    private void mlst(String arg) throws IOException {
        String v = path(arg);
        Path real = v == null ? null : tree.existing(v);
        if (real == null || (tree.inUploadBox(v, real) && !tree.isUploadBox(v))) {
            s.control.reply("550 No such file or directory.");
            return;
        }
        s.control.reply(250, "Start of list for " + Replies.printable(v),
                List.of(" " + factsLine(Listing.read(real, v), v, v)), "End of list");
    }

    /**
     * Formats the facts of an entry read without following links. A symbolic link is listed as
     * itself ({@code type=OS.unix=symlink}, RFC 3659's form that lftp and others read), whether
     * it points inside the tree, outside or nowhere, as vsftpd's {@code LIST} shows every link;
     * its {@code perm} says what following it allows: {@code r} for a file inside the tree,
     * {@code el} for a directory, nothing otherwise.
     */
    private String factsLine(Listing.Entry e, String virtual, String name) {
        if (e.link() != null) {
            Path target = tree.existing(virtual);
            String perm = target == null || tree.inUploadBox(virtual, target) ? ""
                    : tree.readable(virtual) != null ? "r" : tree.directory(virtual) != null ? "el" : "";
            return Listing.facts(e, "OS.unix=symlink", perm, s.facts, name);
        }
        String type = e.directory() ? "dir" : e.regular() ? "file" : "OS.unix=special";
        String perm = tree.isUploadBox(virtual) ? "ec" : e.directory() ? "el" : "r";
        return Listing.facts(e, type, perm, s.facts, name);
    }

    private void stat(String arg) throws IOException {
        if (arg.isEmpty()) {
            s.control.reply(211, "FTP server status:", s.status(), "End of status");
            return;
        }
        List<String> lines;
        try {
            lines = listLines(arg, true, false);
        } catch (SecurityException e) {
            s.control.reply(DENIED);
            return;
        }
        s.control.reply(213, "Status follows:", lines, "End of status");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
