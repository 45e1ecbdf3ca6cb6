package io.jail4j.examples.dns;

import io.jail4j.examples.ListenAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** dnsd's servers in this JVM, without a jail: UDP and TCP on 127.0.0.1, a free port. */
final class LocalDnsd implements AutoCloseable {
    final Responder responder;
    final int port;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final UdpServer udp;
    private final TcpServer tcp;

    private LocalDnsd(Responder responder, Listeners sockets, int idleMillis) {
        this.responder = responder;
        this.port = sockets.port;
        this.udp = new UdpServer(sockets.udp, responder, log::add);
        this.tcp = new TcpServer(sockets.tcp, responder, idleMillis, log::add);
        udp.start();
        tcp.start();
    }

    /** Serves {@code zones} with {@code access} for transfers and the given TCP idle timeout. */
    static LocalDnsd start(Zones zones, AxfrAccess access, int idleMillis) throws IOException {
        Responder r = new Responder(zones, false, access);
        return new LocalDnsd(r, Listeners.bind(ListenAddress.parse("127.0.0.1:0", "dnsd"), 2), idleMillis);
    }

    /** Serves the corpus copied to {@code dir}. */
    static LocalDnsd corpus(Path dir, AxfrAccess access, int idleMillis) throws IOException {
        return start(Corpus.zones(Corpus.copyTo(dir)), access, idleMillis);
    }

    @Override
    public void close() {
        udp.close();
        tcp.close();
    }
}
