package io.jail4j;

import java.lang.reflect.Field;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parsing and checks behind {@link SocketActivation#listenFds()}: the {@code LISTEN_*}
 * variables as {@code sd_listen_fds_with_names(3)} defines them, each handed-over descriptor, and
 * the removal of the variables from both copies of the environment.
 */
final class ListenFds {
    private static final System.Logger LOG = System.getLogger(SocketActivation.class.getName());

    private ListenFds() {
    }

    /** Parses a LISTEN_PID or LISTEN_FDS value: a decimal number, LISTEN_PID not 0. */
    static long number(String variable, String text) throws SocketActivationException {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SocketActivationException(variable + "=\"" + text + "\" is not a number; the service manager"
                    + " sets a decimal number");
        }
        long value = Long.parseLong(text);
        if (variable.equals("LISTEN_PID") && value == 0) {
            throw new SocketActivationException("LISTEN_PID=0 is not a process id");
        }
        return value;
    }

    /** Returns LISTEN_FDNAMES as one name per descriptor, {@code unknown} where none is given. */
    static List<String> names(String text, int count) throws SocketActivationException {
        List<String> names = new ArrayList<>();
        if (text == null) {
            for (int i = 0; i < count; i++) {
                names.add("unknown");
            }
            return names;
        }
        String[] parts = text.split(":", -1);
        if (text.isEmpty() && count == 0) {
            return names;
        }
        if (parts.length != count) {
            throw new SocketActivationException("LISTEN_FDNAMES=\"" + text + "\" has " + parts.length + " name(s) for"
                    + " LISTEN_FDS=" + count + " descriptor(s); the service manager gives one name per descriptor");
        }
        for (String p : parts) {
            names.add(p.isEmpty() ? "unknown" : p);
        }
        return names;
    }

    /** Checks that {@code fd} is an INET, INET6 or UNIX socket of a type that can be taken, and describes it. */
    static InheritedSocket inspect(Native n, int fd, String name) throws SocketActivationException {
        NativeSockets.SocketFacts f;
        try {
            f = n.socketFacts(fd);
        } catch (SystemCallException e) {
            throw new SocketActivationException("fd " + fd + " \"" + name + "\" (LISTEN_FDS) cannot be read: "
                    + e.getMessage() + (e.errno() == io.jail4j.internal.LinuxAbi.of(jnr.constants.platform.Errno.EBADF) ? "; it is not open: something closed it before"
                    + " SocketActivation.listenFds(), or LISTEN_FDS is wrong" : ""), null, e);
        }
        if (!f.isSocket()) {
            throw new SocketActivationException("fd " + fd + " \"" + name + "\" (LISTEN_FDS) is not a socket (file type 0"
                    + Integer.toOctalString(f.mode() & SystemCalls.FileStat.S_IFMT) + "); the socket unit may only use"
                    + " ListenStream=, ListenDatagram= and ListenSequentialPacket=");
        }
        StandardProtocolFamily family;
        switch (f.domain()) {
            case 1 -> family = StandardProtocolFamily.UNIX;
            case 2 -> family = StandardProtocolFamily.INET;
            case 10 -> family = StandardProtocolFamily.INET6;
            default -> throw new SocketActivationException("fd " + fd + " \"" + name + "\" is a socket of family "
                    + family(f.domain()) + "; only AF_INET, AF_INET6 and AF_UNIX sockets can be taken");
        }
        String type = type(f.type());
        if (type.startsWith("type ")) {
            throw new SocketActivationException("fd " + fd + " \"" + name + "\" is a socket of " + type
                    + "; only SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET sockets can be taken");
        }
        return new InheritedSocket(fd, name, family, type, f.listening(), f.local(), f.localText(), f.connected(),
                f.inode());
    }

    /** Names a socket family ({@code AF_INET}), or gives its number. */
    static String family(int domain) {
        return switch (domain) {
            case 1 -> "AF_UNIX";
            case 2 -> "AF_INET";
            case 10 -> "AF_INET6";
            case 16 -> "AF_NETLINK";
            case 17 -> "AF_PACKET";
            default -> "family " + domain;
        };
    }

    /** Names a socket type ({@code SOCK_STREAM}), or gives its number. */
    static String type(int type) {
        return switch (type) {
            case 1 -> "SOCK_STREAM";
            case 2 -> "SOCK_DGRAM";
            case 5 -> "SOCK_SEQPACKET";
            default -> "type " + type;
        };
    }

    /**
     * Removes the variables from the C environment, and from the JDK's start-up copy when
     * {@code java.base} opens {@code java.lang} to jail4j; notes what stays visible where.
     */
    static void unsetVariables(Native n, List<String> notes) throws SocketActivationException {
        for (String v : SocketActivation.VARIABLES) {
            try {
                n.unsetenv(v);
            } catch (SystemCallException e) {
                throw new SocketActivationException("unsetenv(" + v + ") failed: " + e.getMessage(), null, e);
            }
        }
        if (SocketActivation.VARIABLES.stream().noneMatch(v -> System.getenv(v) != null)) {
            return;
        }
        Module base = Object.class.getModule();
        if (!base.isOpen("java.lang", SocketActivation.class.getModule())) {
            String note = "LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES are gone from the C environment (children started"
                    + " without touching ProcessBuilder.environment() do not see them) but still show in System.getenv()"
                    + " and in ProcessBuilder.environment(): the JDK copied the environment before"
                    + " SocketActivation.listenFds(); --add-opens java.base/java.lang=ALL-UNNAMED lets jail4j remove them"
                    + " there too";
            LOG.log(System.Logger.Level.INFO, note);
            notes.add(note);
            return;
        }
        try {
            Field f = Class.forName("java.lang.ProcessEnvironment").getDeclaredField("theEnvironment");
            f.setAccessible(true);
            Map<?, ?> env = (Map<?, ?>) f.get(null);
            synchronized (env) {
                env.keySet().removeIf(k -> SocketActivation.VARIABLES.contains(String.valueOf(k)));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SocketActivationException("cannot remove LISTEN_* from the JDK's copy of the environment"
                    + " (java.lang.ProcessEnvironment.theEnvironment, present in JDK 17 to 25): " + e, null, e);
        }
        if (SocketActivation.VARIABLES.stream().anyMatch(v -> System.getenv(v) != null)) {
            throw new SocketActivationException("LISTEN_* still show in System.getenv() after removal from the JDK's"
                    + " copy of the environment; this JDK keeps it elsewhere");
        }
        notes.add("LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES removed from the C environment and from the JDK's copy"
                + " (System.getenv(), ProcessBuilder.environment())");
    }
}
