package io.jail4j;

import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the sockets a service manager opened for this process, so that a daemon never needs
 * to start as uid 0 to use a privileged port: systemd's socket activation ({@link #listenFds()},
 * the protocol of {@code sd_listen_fds(3)}) and inetd's standard input ({@link #inetd()}).
 * Together with {@code User=} and {@code AmbientCapabilities=CAP_SYS_CHROOT CAP_SETUID
 * CAP_SETGID} the daemon then starts as its own user, and {@link Jail#enter()} drops even those
 * capabilities.
 *
 * <pre>{@code
 * SocketActivation sockets = SocketActivation.listenFds();   // first thing in main()
 * ServerSocketChannel http = sockets.named("http").orElseThrow().serverSocketChannel();
 * Jail.at(Path.of("/srv/www")).closeFds().dropTo("www").enter();  // keeps fd 3 without being told
 * }</pre>
 *
 * <p><b>The protocol.</b> {@code LISTEN_PID} must be this process's pid, else the variables were
 * meant for another process: nothing is taken and {@link #notes()} says why. {@code LISTEN_FDS}
 * counts the descriptors from 3 on; {@code LISTEN_FDNAMES} names them, colon-separated. Every
 * descriptor is checked ({@code statx} file type, {@code SO_DOMAIN}, {@code SO_TYPE},
 * {@code SO_ACCEPTCONN}, {@code getsockname}) and gets {@code FD_CLOEXEC}. The three variables
 * are removed whatever the outcome: from the C environment ({@code unsetenv}, so children
 * started with an unmodified environment do not see them), and, when {@code java.base} opens
 * {@code java.lang} to jail4j ({@code --add-opens java.base/java.lang=ALL-UNNAMED}), from the
 * copy the JDK took at start-up, which {@link System#getenv()} and
 * {@link ProcessBuilder#environment()} read; without that option they stay visible there and
 * {@link #notes()} says so.
 *
 * <p><b>Channels.</b> The JDK has no public way to wrap a descriptor other than 0
 * ({@link System#inheritedChannel()}, once per JVM). jail4j opens an ordinary channel of the
 * same family and type, bound to a loopback placeholder, and points the channel's descriptor at
 * the inherited socket with {@code dup2}: no JVM option needed, any number of sockets, TCP and
 * UDP alike. Its one cost: the channel's cached local address (its {@code getLocalAddress()},
 * {@code socket().getLocalPort()}) still names the placeholder, unless {@code java.base} opens
 * {@code sun.nio.ch} to jail4j ({@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}), in which
 * case jail4j corrects it. {@link InheritedSocket#address()} is right in either case.
 *
 * <p><b>The jail.</b> {@link Jail#enter()} keeps every taken socket open without a
 * {@link Jail#keep(int, String)} and names it in its report as handed over by the service
 * manager. {@link #listenFds()} changes the process environment: call it early in
 * {@code main()}, before other threads start processes or read the environment; it waits for
 * the background work of {@link Jail#prepare()} to end first.
 */
public final class SocketActivation {
    /** The first descriptor number systemd hands over ({@code SD_LISTEN_FDS_START}). */
    public static final int LISTEN_FDS_START = 3;
    /** The variables of the protocol, removed after use. */
    static final List<String> VARIABLES = List.of("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES");
    /** More than this many descriptors is taken for garbage rather than a socket unit. */
    private static final int MAX_FDS = 4096;

    private static final System.Logger LOG = System.getLogger(SocketActivation.class.getName());
    /**
     * Descriptors taken in this process, by number: the socket each holds ({@code socket:[inode]},
     * so that a number closed and reused for another socket is not kept) and what the entry
     * report says about it.
     */
    private static final Map<Integer, Taken> TAKEN = new ConcurrentHashMap<>();

    private record Taken(String link, String why) { }
    private static boolean listenFdsCalled;

    private final List<InheritedSocket> sockets;
    private final List<String> notes;

    private SocketActivation(List<InheritedSocket> sockets, List<String> notes) {
        this.sockets = Collections.unmodifiableList(sockets);
        this.notes = Collections.unmodifiableList(notes);
    }

    /**
     * Takes the sockets systemd handed over, following {@code sd_listen_fds_with_names(3)} with
     * {@code unset_environment} true. Returns an empty result when the process was not socket
     * activated or {@code LISTEN_PID} names another process ({@link #notes()} says which).
     *
     * @return the sockets taken and notes on what was found; empty when not socket activated
     * @throws SocketActivationException if {@code LISTEN_PID}, {@code LISTEN_FDS} or
     *         {@code LISTEN_FDNAMES} is malformed, a descriptor is not open or not a socket, or
     *         this method was called before in this process (the variables are gone by then).
     *         Only one of {@code LISTEN_PID} and {@code LISTEN_FDS} set counts as not activated,
     *         as in {@code sd_listen_fds}
     * @throws JailException if the native binding cannot be loaded
     */
    public static synchronized SocketActivation listenFds() throws JailException {
        if (listenFdsCalled) {
            throw new SocketActivationException("SocketActivation.listenFds(): already called in this process;"
                    + " the LISTEN_* variables were removed then: keep the first result");
        }
        listenFdsCalled = true;
        PrepareAhead.awaitQuietly(); // Jail.prepare()'s preload may read the environment on its thread
        Native n = Native.get();
        String pidText = n.getenv("LISTEN_PID");
        String fdsText = n.getenv("LISTEN_FDS");
        String namesText = n.getenv("LISTEN_FDNAMES");
        List<String> notes = new ArrayList<>();
        ListenFds.unsetVariables(n, notes);
        if (pidText == null || fdsText == null) { // sd_listen_fds(3) returns 0 then too
            notes.add(0, pidText == null && fdsText == null ? "not socket-activated: LISTEN_PID and LISTEN_FDS are not set"
                    : "not socket-activated: " + (pidText == null ? "LISTEN_FDS is set but LISTEN_PID is not"
                    : "LISTEN_PID is set but LISTEN_FDS is not") + " (the service manager sets both); none taken");
            return new SocketActivation(List.of(), notes);
        }
        long self = ProcessHandle.current().pid();
        long pid = ListenFds.number("LISTEN_PID", pidText);
        if (pid != self) {
            String why = "LISTEN_PID=" + pid + " is not this process (pid " + self + "): the sockets were handed to"
                    + " another process (a wrapper that started this JVM instead of exec'ing it?); ignored, none taken";
            LOG.log(System.Logger.Level.WARNING, why);
            notes.add(0, why);
            return new SocketActivation(List.of(), notes);
        }
        long count = ListenFds.number("LISTEN_FDS", fdsText);
        if (count > MAX_FDS) {
            throw new SocketActivationException("LISTEN_FDS=" + fdsText + " is more than " + MAX_FDS
                    + " descriptors; the variable is garbage");
        }
        List<String> names = ListenFds.names(namesText, (int) count);
        List<InheritedSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(ListenFds.inspect(n, LISTEN_FDS_START + i, names.get(i)));
        }
        for (InheritedSocket s : sockets) {
            try {
                n.setCloseOnExec(s.fd());
            } catch (SystemCallException e) {
                throw new SocketActivationException(s + ": cannot set FD_CLOEXEC: " + e.getMessage(), null, e);
            }
            record(s.fd(), s);
        }
        notes.add(0, "took " + count + " socket(s) from the service manager: " + sockets);
        return new SocketActivation(sockets, notes);
    }

    /**
     * Returns inetd's socket on standard input as a channel ({@link System#inheritedChannel()}:
     * a {@code ServerSocketChannel} for {@code wait} services, a {@code SocketChannel} for
     * {@code nowait} ones, a {@code DatagramChannel} for datagram services). The JDK's channel
     * holds its own copy of descriptor 0, which gets {@code FD_CLOEXEC}; {@link Jail#enter()}
     * keeps both. Closing that channel points descriptors 0, 1 and 2 at {@code /dev/null} (the
     * JDK's doing).
     *
     * @return the JDK's inherited channel for standard input, never null
     * @throws SocketActivationException if standard input is not a socket, or
     *         {@code System.inheritedChannel()} was first called before and returned nothing
     * @throws JailException if the native binding cannot be loaded
     */
    public static synchronized Channel inetd() throws JailException {
        Native n = Native.get();
        NativeSockets.SocketFacts facts;
        try {
            facts = n.socketFacts(0);
        } catch (SystemCallException e) {
            throw new SocketActivationException("SocketActivation.inetd(): standard input is not open: " + e.getMessage(),
                    null, e);
        }
        if (!facts.isSocket()) {
            throw new SocketActivationException("SocketActivation.inetd(): standard input is not a socket (file type 0"
                    + Integer.toOctalString(facts.mode() & SystemCalls.FileStat.S_IFMT) + "); start the daemon from inetd, or from"
                    + " a socket unit with StandardInput=socket");
        }
        Channel channel;
        try {
            channel = System.inheritedChannel();
        } catch (java.io.IOException e) {
            throw new SocketActivationException("SocketActivation.inetd(): System.inheritedChannel() failed: " + e, null, e);
        }
        if (channel == null) {
            throw new SocketActivationException("SocketActivation.inetd(): System.inheritedChannel() returned null"
                    + " although standard input is a socket (" + ListenFds.family(facts.domain()) + " " + ListenFds.type(facts.type())
                    + "): it was first called before standard input became a socket, or the socket's family is not"
                    + " one Java supports");
        }
        try {
            for (int fd : n.descriptorsNaming("socket:[" + facts.inode() + "]")) {
                if (fd > 2) {
                    n.setCloseOnExec(fd);
                }
                TAKEN.put(fd, new Taken("socket:[" + facts.inode() + "]", "inetd's socket (System.inheritedChannel())"));
            }
        } catch (SystemCallException | ProcFileException e) {
            throw new SocketActivationException("SocketActivation.inetd(): " + e.getMessage(), null, e);
        }
        return channel;
    }

    /**
     * Returns the sockets taken, in descriptor order (empty when not socket-activated).
     *
     * @return an unmodifiable list, one element a socket
     */
    public List<InheritedSocket> sockets() {
        return sockets;
    }

    /**
     * Returns whether no socket was taken.
     *
     * @return true if {@link #sockets()} is empty
     */
    public boolean isEmpty() {
        return sockets.isEmpty();
    }

    /**
     * Returns the first socket named {@code name} in {@code LISTEN_FDNAMES}.
     *
     * @param name the name to look for, as in {@code FileDescriptorName=} ({@code "unknown"} matches
     *             sockets systemd gave no name)
     * @return the first socket in descriptor order with that name, or empty if none has it
     */
    public Optional<InheritedSocket> named(String name) {
        return sockets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * Returns what happened: how many sockets were taken, or why none; whether the variables
     * are gone from {@link System#getenv()} as well as from the C environment.
     *
     * @return an unmodifiable list of text lines, never empty after {@link #listenFds()}
     */
    public List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return String.join("; ", notes);
    }

    /**
     * Returns what the entry report says about descriptor {@code fd} if it was taken here and
     * still holds the same socket ({@code link} is its {@code /proc/self/fd} text), else null.
     */
    static String taken(int fd, String link) {
        Taken t = TAKEN.get(fd);
        return t != null && t.link().equals(link) ? t.why() : null;
    }

    /** Records that descriptor {@code fd} holds the taken {@code socket}: enter() keeps it. */
    static void record(int fd, InheritedSocket socket) {
        TAKEN.put(fd, new Taken(socket.link(), "handed over by the service manager: " + socket));
    }

    /** Records that a taken socket moved from {@code from} to {@code to} (its channel's descriptor). */
    static void moved(int from, int to, InheritedSocket socket) {
        TAKEN.remove(from);
        record(to, socket);
    }

    /** Forgets descriptor {@code fd} (for tests of the descriptor rules). */
    static void forget(int fd) {
        TAKEN.remove(fd);
    }
}
