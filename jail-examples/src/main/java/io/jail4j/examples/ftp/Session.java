package io.jail4j.examples.ftp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import javax.net.ssl.SSLSocket;

/**
 * One client's control connection: login (anonymous only), the command loop and the commands that
 * set state; file commands are in {@link FileCommands}. Replies follow vsftpd's wording where vsftpd
 * has the command, so that clients and the differential test see the same server.
 */
final class Session implements Runnable {
    static final String NOT_LOGGED_IN = "530 Please login with USER and PASS.";
    static final List<String> FEATURES = List.of(" EPRT", " EPSV", " MDTM", " MLST type*;size*;modify*;perm*;",
            " PASV", " REST STREAM", " SIZE", " TVFS", " UTF8");
    static final List<String> TLS_FEATURES = List.of(" AUTH TLS", " PBSZ", " PROT");

    final FtpConfig config;
    final StallWatchdog watchdog;
    final String client;
    final InetAddress clientAddress;
    final InetAddress localAddress;
    final DataLink data;
    final Deque<String> pending = new ArrayDeque<>();
    final ControlChannel control;
    private final boolean quiet;
    private final Admission.Slot slot;
    private final long started = System.nanoTime();
    private final long loginDeadline;
    String cwd = "/";
    boolean binary;
    boolean protect;
    long restart;
    List<String> facts = List.of("type", "size", "modify", "perm");
    int transfers;
    long sent;
    long received;
    private boolean userGiven;
    private boolean loggedIn;
    private boolean quit;
    private int commands;

    Session(Socket socket, FtpConfig config, StallWatchdog watchdog, boolean quiet, Admission.Slot slot) throws IOException {
        this.config = config;
        this.watchdog = watchdog;
        this.quiet = quiet;
        this.slot = slot;
        this.loginDeadline = started + config.limits().loginTimeout().toNanos();
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.clientAddress = remote.getAddress();
        this.localAddress = socket.getLocalAddress();
        this.client = address(remote);
        socket.setTcpNoDelay(true); // each reply is one write; Nagle would hold 226 behind a delayed ACK
        this.control = new ControlChannel(socket, config.limits().maxLine(), watchdog, config.limits().idleTimeout());
        this.data = new DataLink(config, localAddress, clientAddress);
    }

    static String address(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void run() {
        log("session " + client + " open");
        String end = "client quit";
        boolean lastWord = false; // the server ends the session: its last reply must not be lost to a reset
        try {
            control.reply("220 jail4j ftpd ready.");
            while (!quit) {
                String line = pending.isEmpty() ? control.readLine(deadline()) : pending.pollFirst();
                if (line == null) {
                    String pushed = slot.evictedBecause();
                    if (pushed != null) {
                        end = "gave way to a new client before login";
                        replyQuietly(pushed);
                        lastWord = true;
                    } else {
                        end = "client closed the connection";
                    }
                    break;
                }
                commands++;
                handle(line);
            }
        } catch (ControlChannel.LineTooLongException e) {
            end = e.getMessage();
            replyQuietly("500 Command line too long.");
            lastWord = true;
        } catch (SocketTimeoutException e) {
            end = loggedIn ? "idle timeout" : "login timeout";
            replyQuietly("421 Timeout.");
            lastWord = true;
        } catch (IOException | RuntimeException e) {
            end = slot.evictedBecause() != null ? "gave way to a new client before login" // a TLS read ended
                    : "error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } finally {
            data.close();
            try {
                if (lastWord) {
                    control.closeAfterReply();
                } else {
                    control.close();
                }
            } catch (IOException ignored) {
                // the session is over either way
            }
        }
        log("session " + client + " closed after " + seconds(started) + " s (" + end + "): commands " + commands
                + ", transfers " + transfers + ", sent " + sent + " bytes, received " + received + " bytes");
    }

    /** Returns when the next command line must have arrived: the login deadline until login. */
    private long deadline() {
        long idle = System.nanoTime() + config.limits().idleTimeout().toNanos();
        return loggedIn || idle - loginDeadline < 0 ? idle : loginDeadline;
    }

    private void handle(String line) throws IOException {
        if (line.equals(ControlChannel.NOT_UTF8)) {
            control.reply("501 Command is not valid UTF-8.");
            return;
        }
        Command c = Command.parse(line);
        if (c.error() != null) {
            control.reply(c.error());
            return;
        }
        if (!loggedIn) {
            if (!preLogin(c)) {
                control.reply(NOT_LOGGED_IN);
            }
            return;
        }
        loggedIn(c);
    }

    /** Handles what is allowed before login; returns false for everything else. */
    private boolean preLogin(Command c) throws IOException {
        switch (c.verb()) {
            case "USER":
                if (c.arg().equalsIgnoreCase("anonymous") || c.arg().equalsIgnoreCase("ftp")) {
                    userGiven = true;
                    control.reply("331 Please specify the password.");
                } else {
                    userGiven = false;
                    control.reply("530 This FTP server is anonymous only.");
                }
                return true;
            case "PASS":
                if (!userGiven) {
                    control.reply("503 Login with USER first.");
                } else if (!slot.login()) {
                    quit = true;
                    control.reply(slot.evictedBecause());
                } else {
                    loggedIn = true;
                    log("session " + client + " login anonymous" + (control.secure() ? " over TLS" : ""));
                    control.reply("230 Login successful.");
                }
                return true;
            case "QUIT": case "FEAT": case "OPTS":
                common(c);
                return true;
            case "AUTH": case "PBSZ": case "PROT":
                if (config.tls() == null) {
                    return false;
                }
                tls(c);
                return true;
            default:
                return false;
        }
    }

    private void loggedIn(Command c) throws IOException {
        FileCommands files = new FileCommands(this);
        switch (c.verb()) {
            case "USER": control.reply("530 Can't change from guest user."); break;
            case "PASS": control.reply("230 Already logged in."); break;
            case "ACCT": control.reply("502 ACCT not implemented."); break;
            case "SMNT": control.reply("502 SMNT not implemented."); break;
            case "REIN": control.reply("502 REIN not implemented."); break;
            case "SYST": control.reply("215 UNIX Type: L8"); break;
            case "NOOP": control.reply("200 NOOP ok."); break;
            case "ALLO": control.reply("202 ALLO command ignored."); break;
            case "ABOR": control.reply("225 No transfer to ABOR."); break;
            case "HELP": help(); break;
            case "TYPE": type(c.arg()); break;
            case "MODE": control.reply(c.arg().equalsIgnoreCase("S") ? "200 Mode set to S." : "504 Bad MODE command."); break;
            case "STRU": control.reply(c.arg().equalsIgnoreCase("F") ? "200 Structure set to F." : "504 Bad STRU command."); break;
            case "REST": rest(c.arg()); break;
            case "PASV": case "EPSV": case "PORT": case "EPRT": new DataCommands(this).handle(c); break;
            case "AUTH": case "PBSZ": case "PROT":
                if (config.tls() == null) {
                    control.reply("500 Unknown command.");
                } else {
                    tls(c);
                }
                break;
            case "QUIT": case "FEAT": case "OPTS": common(c); break;
            default:
                if (!files.handle(c)) {
                    control.reply("500 Unknown command.");
                }
        }
    }

    private void common(Command c) throws IOException {
        switch (c.verb()) {
            case "QUIT":
                quit = true;
                control.reply("221 Goodbye.");
                break;
            case "FEAT":
                List<String> lines = new java.util.ArrayList<>();
                if (config.tls() != null) {
                    lines.addAll(TLS_FEATURES);
                }
                lines.addAll(FEATURES);
                lines.sort(null);
                control.reply(211, "Features:", lines, "End");
                break;
            default:
                opts(c.arg());
        }
    }

    private void opts(String arg) throws IOException {
        String[] parts = arg.trim().split("\\s+", 2);
        String name = parts[0].toUpperCase(java.util.Locale.ROOT);
        if (name.equals("UTF8") && parts.length == 2 && parts[1].equalsIgnoreCase("ON")) {
            control.reply("200 Always in UTF8 mode.");
        } else if (name.equals("MLST")) {
            List<String> chosen = new java.util.ArrayList<>();
            for (String f : (parts.length == 2 ? parts[1] : "").split(";")) {
                String lower = f.trim().toLowerCase(java.util.Locale.ROOT);
                if (List.of("type", "size", "modify", "perm").contains(lower) && !chosen.contains(lower)) {
                    chosen.add(lower);
                }
            }
            facts = List.copyOf(chosen);
            control.reply("200 MLST OPTS " + String.join(";", chosen) + (chosen.isEmpty() ? "" : ";"));
        } else {
            control.reply("501 Option not understood.");
        }
    }

    private void tls(Command c) throws IOException {
        String arg = c.arg().trim().toUpperCase(java.util.Locale.ROOT);
        switch (c.verb()) {
            case "AUTH":
                if (control.secure()) {
                    control.reply("503 Already using TLS.");
                } else if (arg.equals("TLS") || arg.equals("TLS-C") || arg.equals("SSL")) {
                    control.reply("234 Proceeding with negotiation.");
                    control.startTls(config.tls(), deadline());
                    SSLSocket s = (SSLSocket) control.socket();
                    log("session " + client + " TLS " + s.getSession().getProtocol() + " " + s.getSession().getCipherSuite());
                } else {
                    control.reply("504 Unknown AUTH type.");
                }
                break;
            case "PBSZ":
                control.reply(control.secure() ? "200 PBSZ set to 0." : "503 PBSZ needs a secure connection.");
                break;
            default:
                if (!control.secure()) {
                    control.reply("503 PROT needs a secure connection.");
                } else if (arg.equals("P") || arg.equals("C")) {
                    protect = arg.equals("P");
                    control.reply(protect ? "200 PROT now Private." : "200 PROT now Clear.");
                } else if (arg.equals("S") || arg.equals("E")) {
                    control.reply("536 PROT level not supported.");
                } else {
                    control.reply("504 Bad PROT command.");
                }
        }
    }

    private void type(String arg) throws IOException {
        String t = arg.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.equals("I") || t.equals("L 8")) {
            binary = true;
            control.reply("200 Switching to Binary mode.");
        } else if (t.equals("A") || t.equals("A N")) {
            binary = false;
            control.reply("200 Switching to ASCII mode.");
        } else {
            control.reply("500 Unrecognised TYPE command.");
        }
    }

    private void rest(String arg) throws IOException {
        String a = arg.trim();
        if (a.isEmpty() || a.length() > 18 || !a.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            control.reply("501 REST needs a number of bytes.");
            return;
        }
        restart = Long.parseLong(a);
        control.reply("350 Restart position accepted (" + restart + ").");
    }

    private void help() throws IOException {
        control.reply(214, "The following commands are recognized.", List.of(
                " ABOR ACCT ALLO APPE AUTH CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM",
                " MKD  MLSD MLST MODE NLST NOOP OPTS PASS PASV PBSZ PORT PROT PWD  QUIT",
                " REIN REST RETR RMD  RNFR RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST",
                " TYPE USER XCUP XCWD XMKD XPWD XRMD"), "Help OK.");
    }

    /** Returns the status lines of {@code STAT} without an argument. */
    List<String> status() {
        return List.of("     Connected to " + clientAddress.getHostAddress(), "     Logged in as ftp",
                "     TYPE: " + (binary ? "BINARY" : "ASCII"),
                "     Session timeout in seconds is " + config.limits().idleTimeout().toSeconds(),
                "     Control connection is " + (control.secure() ? "TLS" : "plain text"),
                "     Data connections will be " + (protect ? "TLS" : "plain text"),
                "     jail4j ftpd");
    }

    void log(String message) {
        if (!quiet) {
            FtpLog.info(message);
        }
    }

    /** Ends the session after the current command (QUIT arrived during a transfer). */
    void quit() {
        quit = true;
    }

    private void replyQuietly(String line) {
        try {
            control.reply(line);
        } catch (IOException ignored) {
            // the connection is being closed anyway
        }
    }

    static String seconds(long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        return ms / 1000 + "." + Long.toString(1000 + ms % 1000).substring(1);
    }
}
