package io.jail4j.examples;

import io.jail4j.tcpd.Decision;
import io.jail4j.tcpd.HostResolver;
import io.jail4j.tcpd.HostsAccess;
import io.jail4j.tcpd.HostsFileException;
import io.jail4j.tcpd.Request;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code jail4j tcpdmatch [-d] [--allow FILE] [--deny FILE] daemon[@host] [user@]host}: what
 * {@code tcpdmatch(8)} shows for one request, from the same files, decided by jail4j in a dry run:
 * the client and server as known, how the rules were read ({@code matched:  FILE line N},
 * {@code option:} lines, warnings), and {@code access:   granted}, {@code denied} or
 * {@code delegated}. As in {@code tcpdmatch}, a client given as an address has no name, a client
 * given as {@code unknown} or {@code paranoid} has that name and no address, and a host name is
 * looked up (each of its addresses is shown in turn, and the name is checked back as libwrap
 * does). Unlike Debian's {@code tcpdmatch}, whose {@code matched:} lines go to syslog, the
 * explanation is printed; there is no inetd.conf check.
 */
public final class TcpdMatch {
    private static final Pattern DOTTED = Pattern.compile("[0-9]+(\\.[0-9]+){3}");

    private TcpdMatch() {
    }

    /**
     * Shows how the rules decide one request.
     *
     * @param allow the hosts.allow-style file
     * @param deny the hosts.deny-style file
     * @param service {@code daemon[@host]}
     * @param client {@code [user@]host}
     * @param out receives what tcpdmatch shows
     * @param err receives errors
     * @param resolver looks up host names; null for the system's resolver
     * @return {@link ExitCode#OK} whatever the verdict, {@link ExitCode#REFUSED} if a file cannot
     *         be used or a name not looked up, {@link ExitCode#IO_ERROR} on I/O errors
     */
    public static ExitCode run(Path allow, Path deny, String service, String client, PrintStream out, PrintStream err,
                               HostResolver resolver) {
        try {
            HostResolver names = resolver != null ? resolver : HostResolver.system();
            return run(DryRun.load(allow, deny), service, client, names, out, err);
        } catch (HostsFileException e) {
            err.println("jail4j tcpdmatch: " + e.getMessage());
            return ExitCode.REFUSED;
        } catch (IOException e) {
            err.println("jail4j tcpdmatch: " + e.getMessage());
            return ExitCode.IO_ERROR;
        }
    }

    private static ExitCode run(HostsAccess rules, String service, String client, HostResolver names, PrintStream out,
                           PrintStream err) {
        int at = service.indexOf('@');
        String daemon = at < 0 ? service : service.substring(0, at);
        String server = at < 0 ? null : service.substring(at + 1);
        if (daemon.startsWith("/")) {
            String full = daemon;
            daemon = daemon.substring(daemon.lastIndexOf('/') + 1);
            out.println("warning: " + full + ": daemon name normalized to: " + daemon);
        }
        int userAt = client.lastIndexOf('@');
        String user = userAt < 0 ? null : client.substring(0, userAt);
        String host = userAt < 0 ? client : client.substring(userAt + 1);

        String serverName = null;
        String serverAddress = null;
        if (server != null) {
            if (address(server)) {
                serverAddress = server;
                try {
                    String name = names.nameOf(InetAddress.getByName(server)); // a literal: no lookup here
                    serverName = name.equals("unknown") ? null : name;
                } catch (UnknownHostException e) {
                    serverName = null;
                }
            } else if (special(server)) {
                serverName = server;
            } else {
                List<InetAddress> addrs = lookUp(server, err);
                if (addrs == null) {
                    return ExitCode.REFUSED;
                }
                if (addrs.size() > 1) {
                    err.println("Error: " + server + " has more than one address");
                    err.println("Please specify an address instead");
                    return ExitCode.REFUSED;
                }
                serverAddress = addrs.get(0).getHostAddress();
                serverName = names.nameOf(addrs.get(0));
            }
        }
        for (String w : rules.warnings()) {
            out.println(w);
        }
        if (address(host) || special(host)) {
            Request r = Request.of(daemon, special(host) ? host : null, special(host) ? null : host, user)
                    .withServer(serverName, serverAddress);
            show(rules, r, out);
            return ExitCode.OK;
        }
        List<InetAddress> addrs = lookUp(host, err);
        if (addrs == null) {
            return ExitCode.REFUSED;
        }
        for (int i = 0; i < addrs.size(); i++) {
            InetAddress a = addrs.get(i);
            String name = names.nameOf(a);
            if (name.equals("unknown")) {
                out.println("warning: host address " + a.getHostAddress() + "->name lookup failed");
            }
            show(rules, Request.of(daemon, name.equals("unknown") ? null : name, text(a), user)
                    .withServer(serverName, serverAddress), out);
            if (i + 1 < addrs.size()) {
                out.println();
            }
        }
        return ExitCode.OK;
    }

    private static void show(HostsAccess rules, Request r, PrintStream out) {
        expand(out, "client:   hostname", r.clientName());
        expand(out, "client:   address ", r.clientAddress());
        expand(out, "client:   username", r.user());
        expand(out, "server:   hostname", r.serverName());
        expand(out, "server:   address ", r.serverAddress());
        expand(out, "server:   process ", r.daemon());
        Decision d = rules.check(r);
        for (String line : d.explanation()) {
            out.println(line);
        }
        boolean granted = DryRun.granted(d, rules);
        out.println("access:   " + (d.delegated() ? "delegated" : granted ? "granted" : "denied"));
    }

    /** Prints {@code text value} unless the value is unknown, sanitized as libwrap's %-expansion is. */
    private static void expand(PrintStream out, String text, String value) {
        if (value == null || value.isEmpty() || value.equalsIgnoreCase("unknown")) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || "!@%-_=+:,./".indexOf(c) >= 0);
            b.append(ok ? c : '_');
        }
        out.println(text + " " + b);
    }

    private static boolean address(String s) {
        if (DOTTED.matcher(s).matches()) {
            return true;
        }
        return s.indexOf(':') >= 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }

    private static boolean special(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.equals("unknown") || l.equals("paranoid");
    }

    private static List<InetAddress> lookUp(String host, PrintStream err) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            err.println("jail4j tcpdmatch: host address " + host + "->name lookup failed: " + e.getMessage());
            return null;
        }
    }

    /** Returns an address as libwrap prints it: IPv6 with its longest run of zero groups as "::". */
    static String text(InetAddress a) {
        String s = a.getHostAddress();
        if (!(a instanceof Inet6Address)) {
            return s;
        }
        int pct = s.indexOf('%');
        String scope = pct < 0 ? "" : s.substring(pct);
        String[] g = (pct < 0 ? s : s.substring(0, pct)).split(":");
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < g.length; i++) {
            int j = i;
            while (j < g.length && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
        }
        if (bestAt < 0) {
            return s;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestAt));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestAt + bestLen, g.length));
        return head + "::" + tail + scope;
    }
}
