package io.jail4j.tcpd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds a client's host name the way libwrap does ({@code sock_hostname}, Debian): the reverse
 * lookup of the address gives a name; the forward lookup of that name must give the same
 * canonical name (unless it is {@code localhost}) and include the address, else the name is
 * {@code paranoid}; a reverse lookup that fails leaves it {@code unknown}; a reverse answer that
 * is itself numeric is {@code paranoid}. As in libwrap, a reverse name is cut to its first 127
 * bytes first, and it is that cut name that must map back: a long name is never verified whole
 * and then matched cut.
 *
 * <p><b>Why not the JDK's resolver.</b> {@link InetAddress} asks glibc, whose NSS reads
 * {@code /etc/nsswitch.conf}, {@code /etc/hosts} and {@code /etc/resolv.conf} and loads NSS
 * modules at run time: after the chroot those files are the jail's or missing. This resolver
 * reads {@code /etc/hosts} and the name servers of {@code /etc/resolv.conf} once, when created
 * (before the chroot), and then needs no file: it looks in the hosts table first, then asks the
 * name servers over UDP itself ({@code files dns} order; {@code nsswitch.conf} is not read, and
 * names are asked as given, without search domains). Lookups time out (default: resolv.conf's
 * {@code timeout} and {@code attempts}, 5 s and 2) and results are cached (by TTL, at most an
 * hour; failures for a minute; 4096 addresses).
 */
public final class HostResolver {
    private static final HostResolver NONE = new HostResolver(new EtcHosts(List.of()), null, 0);
    private static final long MAX_NANOS = Duration.ofHours(1).toNanos();

    private final EtcHosts hosts;
    private final Dns dns;
    private final int cacheSize;
    private final Map<InetAddress, Cached> cache;

    private record Cached(String name, long until) {
    }

    private HostResolver(EtcHosts hosts, Dns dns, int cacheSize) {
        this.hosts = hosts;
        this.dns = dns;
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Cached> eldest) {
                return size() > HostResolver.this.cacheSize;
            }
        };
    }

    /**
     * Returns a resolver that knows no names: every client name is unknown (no lookups at all).
     *
     * @return the shared resolver with no hosts table, no name servers and no cache; with it
     *     {@link HostsGuard} leaves every client name unknown
     */
    public static HostResolver none() {
        return NONE;
    }

    /**
     * Returns a resolver configured from this host's {@code /etc/hosts} and
     * {@code /etc/resolv.conf}, read now.
     *
     * @return a resolver with the defaults of {@link #builder()}: the hosts table, the name
     *     servers (port 53) and the {@code timeout} and {@code attempts} options of those two
     *     files, and a cache of 4096 addresses
     * @throws IOException if a file exists but cannot be read
     */
    public static HostResolver system() throws IOException {
        return builder().build();
    }

    /**
     * Returns a builder starting from {@code /etc/hosts} and {@code /etc/resolv.conf}.
     *
     * @return a new builder; nothing is read until {@link Builder#build()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the client's host name as libwrap would find it: the name, {@code paranoid}, or
     * {@code unknown}. Blocks for at most the configured timeouts; thread-safe.
     *
     * @param address the client's address, IPv4 or IPv6, not {@code null}
     * @return the verified name, cut to its first 127 bytes (decoded as UTF-8);
     *     {@code paranoid} when the reverse answer is numeric or the forward lookup of the name
     *     fails or does not give back the same name and the address; {@code unknown} when the
     *     reverse lookup finds no name. Answers come from the cache while they are fresh.
     */
    public String nameOf(InetAddress address) {
        Objects.requireNonNull(address, "address");
        long now = System.nanoTime();
        synchronized (cache) {
            Cached c = cache.get(address);
            if (c != null && c.until() - now > 0) {
                return c.name();
            }
        }
        long[] ttl = {MAX_NANOS};
        String name = VerifiedName.lookUp(hosts, dns, address, ttl);
        if (cacheSize > 0) {
            synchronized (cache) {
                cache.put(address, new Cached(name, now + ttl[0]));
            }
        }
        return name;
    }

    /**
     * Returns the request for a connection to {@code daemon} from {@code client} to
     * {@code server}: addresses as libwrap prints them, ports, and, if asked, the client's name
     * found with {@link #nameOf}.
     */
    Request request(String daemon, InetSocketAddress client, InetSocketAddress server, boolean lookUpName) {
        return request(daemon, client, server, lookUpName, false);
    }

    /**
     * Builds the request for a connection, looking up the client's and (when asked) the server's
     * host name as libwrap's {@code sock_hostname} does for either endpoint.
     */
    Request request(String daemon, InetSocketAddress client, InetSocketAddress server, boolean lookUpName,
                    boolean lookUpServerName) {
        String name = lookUpName && this != NONE ? nameOf(client.getAddress()) : null;
        String serverName = lookUpServerName && server != null && this != NONE ? nameOf(server.getAddress()) : null;
        return Request.of(daemon, Endpoint.UNKNOWN.equals(name) ? null : name, InetText.format(client.getAddress()), null)
                .withServer(Endpoint.UNKNOWN.equals(serverName) ? null : serverName,
                        server == null ? null : InetText.format(server.getAddress()))
                .withPorts(server == null ? -1 : server.getPort(), client.getPort());
    }

    @Override
    public String toString() {
        return this == NONE ? "HostResolver[none]" : "HostResolver[" + (dns == null ? "hosts file only" : "hosts file, dns")
                + "]";
    }

    /** Configures where names come from, the timeout and the cache. */
    public static final class Builder {
        private Path hostsFile = Path.of("/etc/hosts");
        private Path resolvConf = Path.of("/etc/resolv.conf");
        private List<InetSocketAddress> servers;
        private Duration timeout;
        private int attempts = -1;
        private int cacheSize = 4096;

        private Builder() {
        }

        /**
         * Reads host names from {@code file} instead of {@code /etc/hosts}.
         *
         * @param file a file in {@code hosts(5)} format, not {@code null}, read by
         *     {@link #build()}; a missing file is an empty table
         * @return this builder
         */
        public Builder hostsFile(Path file) {
            this.hostsFile = Objects.requireNonNull(file, "hostsFile");
            return this;
        }

        /**
         * Takes name servers and options from {@code file} instead of {@code /etc/resolv.conf}.
         *
         * @param file a file in {@code resolv.conf(5)} format, not {@code null}, read by
         *     {@link #build()}: the first three {@code nameserver} lines with a numeric address
         *     (asked on port 53) and the {@code timeout:} and {@code attempts:} options are used,
         *     nothing else; with no such server, or no file, the loopback address is asked, as
         *     glibc does
         * @return this builder
         */
        public Builder resolvConf(Path file) {
            this.resolvConf = Objects.requireNonNull(file, "resolvConf");
            return this;
        }

        /**
         * Asks these name servers instead of resolv.conf's; none: no DNS, the hosts file only.
         *
         * @param servers the servers' addresses and ports, tried in this order, not {@code null}
         *     and without {@code null} elements; an empty list turns DNS off. resolv.conf is still
         *     read for its {@code timeout:} and {@code attempts:} options
         * @return this builder
         */
        public Builder nameServers(List<InetSocketAddress> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        /**
         * Sets the time to wait for one answer (default: resolv.conf's, else 5 s; 1 ms - 30 s).
         *
         * @param timeout how long to wait for one server's answer to one question, not
         *     {@code null}; a lookup that gets no answer takes up to attempts times the number of
         *     servers times this, and a client's name may need two lookups
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is under 1 ms or, counted in whole
         *     seconds, over 30 s
         */
        public Builder timeout(Duration timeout) {
            if (timeout.toMillis() < 1 || timeout.toSeconds() > 30) {
                throw new IllegalArgumentException("timeout: " + timeout + " is not between 1 ms and 30 s");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets how often each server is asked (default: resolv.conf's, else 2; 1-5).
         *
         * @param attempts how many times the list of servers is gone through for one question
         *     that gets no answer, from 1 to 5
         * @return this builder
         * @throws IllegalArgumentException if {@code attempts} is not between 1 and 5
         */
        public Builder attempts(int attempts) {
            if (attempts < 1 || attempts > 5) {
                throw new IllegalArgumentException("attempts: " + attempts + " is not between 1 and 5");
            }
            this.attempts = attempts;
            return this;
        }

        /**
         * Sets how many addresses' names are cached (default 4096; 0 turns the cache off).
         *
         * @param entries the most addresses whose results are kept, the least recently used one
         *     dropped first; 0 for none
         * @return this builder
         * @throws IllegalArgumentException if {@code entries} is negative
         */
        public Builder cacheSize(int entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("cacheSize: " + entries + " is negative");
            }
            this.cacheSize = entries;
            return this;
        }

        /**
         * Reads the files now (before the chroot).
         *
         * @return a resolver that needs no file from now on
         * @throws IOException if a file exists but cannot be read
         */
        public HostResolver build() throws IOException {
            TcpdClasses.load();
            EtcHosts hosts = EtcHosts.parse(ResolvConf.readIfPresent(hostsFile));
            ResolvConf conf = ResolvConf.read(resolvConf);
            List<InetSocketAddress> use = servers != null ? servers : conf.servers();
            int millis = timeout != null ? (int) timeout.toMillis() : conf.timeoutSeconds() * 1000;
            Dns dns = use.isEmpty() ? null : new Dns(use, millis, attempts > 0 ? attempts : conf.attempts());
            return new HostResolver(hosts, dns, cacheSize);
        }
    }
}
