package io.jail4j.examples.ftp;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import javax.net.ssl.SSLSocket;

/**
 * {@code RETR}, {@code STOR} and listings over the data connection: the checks, the order of
 * replies (data connection first, then 150, then TLS if {@code PROT P}, then the bytes, then
 * 226/426), and one log line per file transfer.
 */
final class Transfers {
    private static final int MAX_NAME_BYTES = 255;

    /** The bytes of one transfer, given the open transfer. */
    private interface Body {
        void run(DataTransfer t) throws IOException;
    }

    private final Session s;
    private final FileTree tree;

    Transfers(Session session) {
        this.s = session;
        this.tree = session.config.tree();
    }

    void retr(String arg, String virtual) throws IOException {
        long from = s.restart;
        s.restart = 0;
        if (!s.data.ready()) {
            s.control.reply("425 Use PORT or PASV first.");
            return;
        }
        Path real = virtual == null ? null : tree.readable(virtual);
        if (real == null) {
            s.control.reply("550 Failed to open file.");
            return;
        }
        if (from > 0 && !s.binary) {
            s.control.reply("550 No support for resume of ASCII transfer.");
            return;
        }
        FileChannel file;
        try {
            file = FileChannel.open(real, StandardOpenOption.READ);
        } catch (IOException e) {
            s.control.reply("550 Failed to open file.");
            return;
        }
        try (file) {
            long size = file.size();
            String opening = "150 Opening " + (s.binary ? "BINARY" : "ASCII") + " mode data connection for "
                    + Replies.printable(arg) + " (" + size + " bytes).";
            run("RETR", virtual, opening, "226 Transfer complete.", t -> t.sendFile(file, Math.min(from, size)), null);
        }
    }

    void stor(String arg, String virtual) throws IOException {
        long from = s.restart;
        s.restart = 0;
        String box = tree.uploadDir();
        String name = virtual == null ? "" : VirtualPath.name(virtual);
        boolean allowed = box != null && virtual != null && virtual.equals((box.equals("/") ? "" : box) + "/" + name)
                && !name.startsWith(".") && name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
        if (!allowed || from != 0) {
            s.control.reply(FileCommands.DENIED);
            return;
        }
        if (!s.data.ready()) {
            s.control.reply("425 Use PORT or PASV first.");
            return;
        }
        Path dir = tree.existing(box);
        Path file = dir == null ? null : dir.resolve(name);
        FileChannel channel;
        try {
            // write-only for the owner: even the daemon cannot read an upload back
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("-w-------")));
        } catch (FileAlreadyExistsException e) {
            s.log("session " + s.client + " STOR " + Replies.printable(virtual) + " refused: exists");
            s.control.reply("553 Could not create file.");
            return;
        } catch (IOException | RuntimeException e) {
            s.log("session " + s.client + " STOR " + Replies.printable(virtual) + " refused: " + e.getClass().getSimpleName());
            s.control.reply("553 Could not create file.");
            return;
        }
        try (channel) {
            run("STOR", virtual, "150 Ok to send data.", "226 Transfer complete.",
                    t -> t.receive(channel, s.config.limits().maxUpload()), file);
        }
    }

    /** Sends a listing: 150, the text, 226. */
    void text(String opening, String text, String done) throws IOException {
        run(null, null, opening, done, t -> t.sendText(FileCommands.utf8(text)), null);
    }

    /**
     * Opens the data connection and runs the body; {@code upload} is deleted if the transfer
     * fails. Logs file transfers ({@code kind} non-null).
     */
    private void run(String kind, String virtual, String opening, String done, Body body, Path upload)
            throws IOException {
        long start = System.nanoTime();
        Socket socket;
        try {
            socket = s.data.open();
        } catch (IOException e) {
            delete(upload);
            logTransfer(kind, virtual, 0, start, "no data connection (" + e.getMessage() + ")");
            s.control.reply("425 Failed to establish connection.");
            return;
        }
        Socket raw = socket;
        s.control.reply(opening);
        if (s.protect) {
            try {
                SSLSocket ssl = (SSLSocket) s.config.tls().getSocketFactory()
                        .createSocket(socket, null, socket.getPort(), true);
                ssl.setUseClientMode(false);
                StallWatchdog.Watch w = s.watchdog.watch(raw, s.config.limits().dataTimeout());
                try {
                    ssl.startHandshake();
                } finally {
                    w.close();
                }
                socket = ssl;
            } catch (IOException e) {
                raw.close();
                delete(upload);
                logTransfer(kind, virtual, 0, start, "TLS failed on the data connection (" + e.getMessage() + ")");
                s.control.reply("425 TLS on the data connection failed.");
                return;
            }
        }
        DataTransfer t = new DataTransfer(socket, raw, s.control, s.pending, s.watchdog, s.config.limits().dataTimeout());
        String outcome = "ok";
        String reply = done;
        String extra = null;
        try (t) {
            body.run(t);
            try {
                t.finish();
            } catch (IOException e) {
                // everything was sent; only the goodbye of the connection failed
            }
        } catch (DataTransfer.Aborted e) {
            outcome = "aborted by the client";
            reply = "426 Failure writing network stream.";
            extra = "226 ABOR successful.";
            if (e.quit) {
                extra = "221 Goodbye.";
                s.quit();
            }
        } catch (DataTransfer.TooLarge e) {
            outcome = e.getMessage();
            reply = "552 Exceeded storage allocation.";
        } catch (IOException e) {
            outcome = t.timedOut() ? "data timeout" : "failed (" + e.getClass().getSimpleName() + ")";
            reply = upload != null ? "426 Failure reading network stream." : "426 Failure writing network stream.";
        }
        if (!outcome.equals("ok")) {
            delete(upload);
        }
        if (upload != null) {
            s.received += t.bytes();
        } else {
            s.sent += t.bytes();
        }
        if (kind != null) {
            s.transfers++;
        }
        logTransfer(kind, virtual, t.bytes(), start, outcome);
        s.control.reply(reply);
        if (extra != null) {
            s.control.reply(extra);
        }
    }

    private void logTransfer(String kind, String virtual, long bytes, long start, String outcome) {
        if (kind != null) {
            s.log("transfer " + s.client + " " + kind + " " + Replies.printable(virtual) + " " + bytes + " bytes in "
                    + Session.seconds(start) + " s" + (s.protect ? " over TLS" : "") + ": " + outcome);
        }
    }

    private static void delete(Path upload) {
        if (upload != null) {
            try {
                Files.deleteIfExists(upload);
            } catch (IOException ignored) {
                // an incomplete upload left behind is only a file in the drop box
            }
        }
    }
}
