package io.jail4j.examples.dns;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import io.jail4j.JailException;
import io.jail4j.Preload;
import io.jail4j.examples.ExitCode;
import io.jail4j.examples.ListenAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code jail4j dnsd}: an authoritative DNS server that answers like NSD, jailed. It binds UDP
 * and TCP on a loopback address as root, reads and checks the zone files (copied into a fresh
 * jail under the temp directory unless {@code --jail} names one that holds them), enters the
 * jail as an unprivileged user, prints the entry report on {@code out}, and serves until killed;
 * SIGHUP reloads the zones from inside the jail. Zone transfers are allowed to the clients that
 * the {@code --allow}/{@code --deny} rules (hosts_access(5), daemon name {@code dnsd-axfr})
 * admit, and to nobody without rules. Status and errors go to {@code err}.
 *
 * <p>Exit status: 1 refused by jail4j, 2 usage error or a zone or rule file that cannot be used
 * (the message names file and line), 3 I/O error (such as the port in use). It does not exit
 * by itself once serving.
 */
public final class Dnsd {
    /**
     * UDP sockets on one port (SO_REUSEPORT) and as many serving threads: one per CPU. On two CPUs
     * one shared socket with two threads and a single thread measured the same within the noise.
     * The benchmark runs NSD with as many server processes.
     */
    public static final int UDP_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final DnsdOptions options;
    private final PrintStream out;
    private final Consumer<String> log;

    private Dnsd(DnsdOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.log = line -> {
            synchronized (err) {
                err.println("jail4j dnsd: " + line);
                err.flush();
            }
        };
    }

    /**
     * Runs {@code dnsd} with checked options; returns only when it cannot serve.
     *
     * @param options the options, already {@linkplain DnsdOptions#validate() validated}
     * @param out receives the entry report
     * @param err receives status lines and error messages
     * @return {@link ExitCode#REFUSED} refused by jail4j, {@link ExitCode#USAGE} a zone or rule
     *         file that cannot be used (naming file and line) or a drop target jail4j does not
     *         accept, {@link ExitCode#IO_ERROR} an I/O error (such as the port in use);
     *         {@link ExitCode#OK} only if the serving thread is interrupted
     */
    public static ExitCode run(DnsdOptions options, PrintStream out, PrintStream err) {
        return new Dnsd(options, out, err).run();
    }

    private ExitCode run() {
        Jail.prepare();
        ListenAddress listen = options.listen();
        Listeners sockets;
        if (options.systemd()) {
            try {
                sockets = Listeners.fromServiceManager();
            } catch (JailException | IllegalStateException e) {
                return fail(ExitCode.IO_ERROR, e.getMessage());
            }
        } else {
            try {
                sockets = Listeners.bind(listen, UDP_THREADS);
            } catch (IOException e) {
                return fail(ExitCode.IO_ERROR, "cannot listen on " + listen + ": " + e.getMessage());
            }
        }
        String where = sockets.where;
        Path created = null;
        boolean entered = false;
        try {
            Path jail;
            List<String> zonePaths;
            if (options.jail().isPresent()) {
                jail = options.jail().get();
                zonePaths = JailFiles.inside(jail, options.zones());
            } else {
                jail = created = JailFiles.create();
                zonePaths = JailFiles.copy(jail, options.zones());
            }
            Zones zones = Zones.load(new ZoneRoot(jail, true), zonePaths);
            AxfrAccess access = AxfrAccess.nobody();
            if (options.allow().isPresent()) {
                TcpdAxfrAccess rules = TcpdAxfrAccess.load(options.allow().get(), options.deny().get());
                rules.warnings().forEach(log);
                access = rules;
            }
            Responder responder = new Responder(zones, sockets.ipv6, access);
            Reloader reloader = new Reloader(responder, zonePaths, log);
            reloader.install(jail);
            Jail plan;
            try {
                plan = Jail.at(jail).preload(Preload.packages(Dnsd.class.getPackageName()), new QueryRehearsal(responder, reloader))
                        .closeFds().dropTo(options.user());
            } catch (IllegalArgumentException e) {
                return fail(ExitCode.USAGE, e.getMessage());
            }
            EntryReport report = plan.enter();
            entered = true;
            reloader.root(Path.of("/"));
            out.print(report);
            out.flush();
            UdpServer udp = new UdpServer(sockets.udp, responder, log);
            TcpServer tcp = new TcpServer(sockets.tcp, responder, TcpServer.IDLE_TIMEOUT_MS, log);
            udp.start();
            tcp.start();
            reloader.start();
            log.accept("serving " + zones.describe() + " on " + where + " (UDP, " + sockets.udp.size() + " threads; TCP) as "
                    + options.user() + " in " + jail);
            new CountDownLatch(1).await();
            return ExitCode.OK;
        } catch (UsageError | ZoneException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        } catch (JailException e) {
            return fail(ExitCode.REFUSED, e.getMessage());
        } catch (IOException e) {
            return fail(ExitCode.IO_ERROR, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.OK;
        } finally {
            if (!entered) {
                sockets.close();
                if (created != null) {
                    JailFiles.delete(created);
                }
            }
        }
    }

    private ExitCode fail(ExitCode status, String message) {
        log.accept(message);
        return status;
    }
}
