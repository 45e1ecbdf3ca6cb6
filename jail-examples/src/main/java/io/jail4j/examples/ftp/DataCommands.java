package io.jail4j.examples.ftp;

import java.io.IOException;
import java.net.Inet4Address;

/** {@code PASV}, {@code EPSV}, {@code PORT} and {@code EPRT}: how the next data connection is made. */
final class DataCommands {
    private final Session s;

    DataCommands(Session session) {
        this.s = session;
    }

    void handle(Command c) throws IOException {
        switch (c.verb()) {
            case "PASV":
                if (s.data.epsvAll() || !(s.localAddress instanceof Inet4Address)) {
                    s.control.reply("550 Permission denied.");
                    return;
                }
                int pasv = listen();
                if (pasv > 0) {
                    s.control.reply(HostPort.pasvReply(s.localAddress, pasv));
                }
                break;
            case "EPSV":
                epsv(c.arg().trim());
                break;
            case "PORT":
            case "EPRT":
                if (s.data.epsvAll()) {
                    s.control.reply("550 Permission denied.");
                    return;
                }
                try {
                    boolean port = c.verb().equals("PORT");
                    s.data.target(port ? HostPort.port(c.arg(), s.clientAddress) : HostPort.eprt(c.arg(), s.clientAddress));
                    s.control.reply(port ? "200 PORT command successful. Consider using PASV."
                            : "200 EPRT command successful. Consider using EPSV.");
                } catch (HostPort.Refused e) {
                    s.data.reset();
                    s.log("session " + s.client + " " + c.verb() + " refused: " + Replies.printable(c.arg()));
                    s.control.reply(e.getMessage());
                }
                break;
            default:
                throw new IllegalArgumentException(c.verb());
        }
    }

    private void epsv(String arg) throws IOException {
        if (arg.equalsIgnoreCase("ALL")) {
            s.data.setEpsvAll();
            s.control.reply("200 EPSV ALL ok.");
        } else if (arg.isEmpty() || arg.equals(HostPort.family(s.localAddress))) {
            int port = listen();
            if (port > 0) {
                s.control.reply(HostPort.epsvReply(port));
            }
        } else {
            s.control.reply(HostPort.BAD_PROTOCOL);
        }
    }

    /** Opens a passive listener; on failure replies 425 and returns -1. */
    private int listen() throws IOException {
        try {
            return s.data.listen();
        } catch (IOException e) {
            s.log("session " + s.client + " no passive port: " + e.getMessage());
            s.control.reply("425 Could not open a passive port.");
            return -1;
        }
    }
}
