package io.jail4j.tcpd;

import java.util.Objects;

/**
 * What a connection is checked on, as libwrap's {@code request_info} holds it: the daemon name,
 * the client's host name, address and user, and optionally the server's host name, address and
 * port. Immutable; each {@code with} method returns a new request.
 *
 * <p>An empty or {@code null} field is unknown, as in libwrap ({@code unknown} in patterns and
 * expansions). A client name is whatever the caller determined: pass {@code "paranoid"} for a
 * name whose forward lookup did not give the address back ({@link HostResolver} does this), so
 * that {@code PARANOID} matches. Text is compared as its UTF-8 bytes, ignoring ASCII case, and
 * is cut at a NUL character as C would. Every field is then cut to its first 127 bytes, as
 * libwrap's {@code request_set} copies each one into a buffer of {@code STRING_LENGTH} (128)
 * bytes with {@code STRN_CPY}: a longer field is never an error, it is decided on its first 127
 * bytes (which may end inside a UTF-8 sequence, as in C).
 */
public final class Request {
    private final String daemon;
    private final String clientName;
    private final String clientAddress;
    private final String user;
    private final String serverName;
    private final String serverAddress;
    private final int serverPort;
    private final int clientPort;

    private final String daemonBytes;
    private final Subject daemonSubject;
    private Subject userSubject;
    private Endpoint client;
    private Endpoint server;

    private Request(String daemon, String clientName, String clientAddress, String user, String serverName,
                    String serverAddress, int serverPort, int clientPort) {
        this.daemon = daemon;
        this.clientName = clientName;
        this.clientAddress = clientAddress;
        this.user = user;
        this.serverName = serverName;
        this.serverAddress = serverAddress;
        this.serverPort = serverPort;
        this.clientPort = clientPort;
        RequestFields.Daemon known = RequestFields.daemon(daemon);
        this.daemonBytes = known.bytes();
        this.daemonSubject = known.subject();
    }

    /** The daemon name as {@code string_match} sees it. */
    Subject daemonSubject() {
        return daemonSubject;
    }

    /** {@code eval_user}: the user as given, or {@code unknown}. */
    String rawUser() {
        String u = RequestFields.field(user);
        return u.isEmpty() ? Endpoint.UNKNOWN : u;
    }

    Subject userSubject() {
        Subject s = userSubject;
        if (s == null) {
            s = new Subject(rawUser());
            userSubject = s;
        }
        return s;
    }

    /** {@code eval_daemon}: the daemon name as given (never {@code unknown}). */
    String rawDaemon() {
        return daemonBytes;
    }

    Endpoint client() {
        Endpoint e = client;
        if (e == null) {
            e = RequestFields.endpoint(clientName, clientAddress);
            client = e;
        }
        return e;
    }

    Endpoint server() {
        Endpoint e = server;
        if (e == null) {
            e = RequestFields.endpoint(serverName, serverAddress);
            server = e;
        }
        return e;
    }

    /**
     * Returns a request for {@code daemon} from a client of which only the address is known
     * (libwrap's {@code hosts_ctl(daemon, "", address, "")}).
     *
     * @param daemon the daemon name that the rules' daemon lists match, such as
     *     {@code in.fingerd}, not {@code null}
     * @param clientAddress the client's numeric address as libwrap prints it (a dotted quad, or
     *     IPv6 in {@code inet_ntop} form such as {@code 2001:db8::7}); {@code null} or empty:
     *     unknown
     * @return a request with the client's name and user unknown, no server endpoint and both
     *     ports unknown
     */
    public static Request of(String daemon, String clientAddress) {
        return of(daemon, null, clientAddress, null);
    }

    /**
     * Returns a request with the four fields of libwrap's
     * {@code hosts_ctl(daemon, client_name, client_addr, client_user)}; {@code null} or empty is
     * unknown.
     *
     * @param daemon the daemon name that the rules' daemon lists match, such as
     *     {@code in.fingerd}, not {@code null}
     * @param clientName the client's host name as the caller found it, {@code paranoid} if it
     *     did not map back to the address (as from {@link HostResolver#nameOf})
     * @param clientAddress the client's numeric address as libwrap prints it
     * @param user the client's user name, which {@code user@host} patterns match
     * @return a request with no server endpoint and both ports unknown
     */
    public static Request of(String daemon, String clientName, String clientAddress, String user) {
        Objects.requireNonNull(daemon, "daemon");
        return new Request(daemon, clientName, clientAddress, user, null, null, -1, -1);
    }

    /**
     * Returns this request with the client's host name ({@code null}: unknown).
     *
     * @param name the client's host name, {@code paranoid} for one that did not map back to the
     *     address; {@code null} or empty: unknown
     * @return a new request, the other fields unchanged
     */
    public Request withClientName(String name) {
        return new Request(daemon, name, clientAddress, user, serverName, serverAddress, serverPort, clientPort);
    }

    /**
     * Returns this request with the client's user name ({@code null}: unknown).
     *
     * @param name the client's user name, which {@code user@host} patterns match and {@code %u}
     *     expands to; {@code null} or empty: unknown
     * @return a new request, the other fields unchanged
     */
    public Request withUser(String name) {
        return new Request(daemon, clientName, clientAddress, name, serverName, serverAddress, serverPort, clientPort);
    }

    /**
     * Returns this request with the server endpoint the client connected to, for
     * {@code daemon@host} patterns ({@code null}: unknown).
     *
     * @param name the server's host name; {@code null} or empty: unknown
     * @param address the server's (local) numeric address as libwrap prints it; {@code null} or
     *     empty: unknown
     * @return a new request, the other fields unchanged
     */
    public Request withServer(String name, String address) {
        return new Request(daemon, clientName, clientAddress, user, name, address, serverPort, clientPort);
    }

    /**
     * Returns this request with the server's and client's ports (-1: unknown); a numeric daemon
     * pattern such as {@code 21} matches the server port (Debian's libwrap).
     *
     * @param serverPort the port the client connected to, 0-65535, or -1 if unknown
     * @param clientPort the client's own port, 0-65535, or -1 if unknown
     * @return a new request, the other fields unchanged
     * @throws IllegalArgumentException if a port is neither -1 nor between 0 and 65535
     */
    public Request withPorts(int serverPort, int clientPort) {
        if (serverPort < -1 || serverPort > 0xFFFF || clientPort < -1 || clientPort > 0xFFFF) {
            throw new IllegalArgumentException("withPorts: ports must be -1 (unknown) or 0-65535, not "
                    + serverPort + " and " + clientPort);
        }
        return new Request(daemon, clientName, clientAddress, user, serverName, serverAddress, serverPort, clientPort);
    }

    /**
     * Returns the daemon name as given.
     *
     * @return the daemon name exactly as passed to {@link #of}, never {@code null}; rules see it
     *     up to a NUL and cut to 127 bytes
     */
    public String daemon() {
        return daemon;
    }

    /**
     * Returns the client's host name as given, or {@code null}.
     *
     * @return the name exactly as passed, not cut; {@code null} (or empty) when unknown
     */
    public String clientName() {
        return clientName;
    }

    /**
     * Returns the client's address as given, or {@code null}.
     *
     * @return the address text exactly as passed, not cut; {@code null} (or empty) when unknown
     */
    public String clientAddress() {
        return clientAddress;
    }

    /**
     * Returns the client's user name as given, or {@code null}.
     *
     * @return the user name exactly as passed, not cut; {@code null} (or empty) when unknown
     */
    public String user() {
        return user;
    }

    /**
     * Returns the server's host name as given, or {@code null}.
     *
     * @return the name exactly as passed to {@link #withServer}, not cut; {@code null} (or
     *     empty) when unknown
     */
    public String serverName() {
        return serverName;
    }

    /**
     * Returns the server's address as given, or {@code null}.
     *
     * @return the address text exactly as passed to {@link #withServer}, not cut; {@code null}
     *     (or empty) when unknown
     */
    public String serverAddress() {
        return serverAddress;
    }

    /**
     * Returns the server's port, or -1 if unknown.
     *
     * @return the port the client connected to, 0-65535, as passed to {@link #withPorts}; -1 if
     *     unknown
     */
    public int serverPort() {
        return serverPort;
    }

    /**
     * Returns the client's port, or -1 if unknown.
     *
     * @return the client's own port, 0-65535, as passed to {@link #withPorts}; -1 if unknown
     */
    public int clientPort() {
        return clientPort;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Request[").append(daemon);
        if (serverName != null || serverAddress != null) {
            b.append('@').append(server().info());
        }
        b.append(" from ");
        if (user != null && !user.isEmpty()) {
            b.append(user).append('@');
        }
        b.append(CText.text(client().rawName)).append('/').append(CText.text(client().rawAddr));
        return b.append(']').toString();
    }
}
