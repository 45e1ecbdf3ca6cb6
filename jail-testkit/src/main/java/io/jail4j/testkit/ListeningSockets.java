package io.jail4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening sockets a {@link Jailed} test asked for with {@link Jailed#listen()}, bound as
 * root before the jail was entered (so privileged ports work) and open in the jailed JVM. Index
 * {@code i} is the {@code i}-th port of {@code listen}. The test owns them; the JVM exits after
 * the test.
 */
public final class ListeningSockets {
    private final List<Integer> requested;
    private final List<ServerSocketChannel> channels;

    ListeningSockets(List<Integer> requested, List<ServerSocketChannel> channels) {
        if (requested.size() != channels.size()) {
            throw new IllegalArgumentException(requested.size() + " ports requested, " + channels.size() + " bound");
        }
        this.requested = List.copyOf(requested);
        this.channels = List.copyOf(channels);
    }

    /**
     * Returns how many sockets there are.
     *
     * @return the number of ports in {@link Jailed#listen()}, {@code 0} if it named none
     */
    public int size() {
        return channels.size();
    }

    /**
     * Returns the socket bound for the {@code index}-th port of {@link Jailed#listen()}.
     *
     * @param index the position of the port in {@code listen}, from {@code 0}
     * @return the bound, listening channel
     * @throws IndexOutOfBoundsException naming the valid range
     */
    public ServerSocketChannel channel(int index) {
        if (index < 0 || index >= channels.size()) {
            throw new IndexOutOfBoundsException("ListeningSockets.channel: index " + index + " is outside 0.."
                    + (channels.size() - 1) + " (one per port of @Jailed(listen))");
        }
        return channels.get(index);
    }

    /**
     * Returns the port the {@code index}-th socket is bound to (the real one for a requested 0).
     *
     * @param index the position of the port in {@link Jailed#listen()}, from {@code 0}
     * @return the local port number
     * @throws IndexOutOfBoundsException naming the valid range
     * @throws UncheckedIOException if the local address cannot be read (the socket was closed)
     */
    public int port(int index) {
        try {
            return ((InetSocketAddress) channel(index).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("ListeningSockets.port(" + index + "): " + e.getMessage(), e);
        }
    }

    /**
     * Returns the socket bound for the fixed port {@code port} of {@link Jailed#listen()}.
     *
     * @param port a non-zero port as written in {@code listen}
     * @return the channel bound for the first occurrence of that port
     * @throws IllegalArgumentException if {@code listen} does not name that port
     */
    public ServerSocketChannel forPort(int port) {
        int i = port == 0 ? -1 : requested.indexOf(port);
        if (i < 0) {
            throw new IllegalArgumentException("ListeningSockets.forPort: port " + port + " is not a fixed port of"
                    + " @Jailed(listen = " + requested + "); use channel(index) for port 0");
        }
        return channels.get(i);
    }

    /**
     * Returns every socket, in the order of {@link Jailed#listen()}.
     *
     * @return an unmodifiable list, empty if {@code listen} named no port
     */
    public List<ServerSocketChannel> channels() {
        return channels;
    }

    /** Returns a line such as {@code listening sockets [79 -> 127.0.0.1:79, 0 -> 127.0.0.1:41234]}. */
    @Override
    public String toString() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            String local;
            try {
                local = String.valueOf(channels.get(i).getLocalAddress());
            } catch (IOException e) {
                local = "closed";
            }
            s.add(requested.get(i) + " -> " + local);
        }
        return "listening sockets " + s;
    }
}
