package io.jail4j;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A socket-activated daemon for root tests: takes the sockets systemd handed over, shows what
 * a child process and {@link System#getenv()} see of {@code LISTEN_*}, turns each socket into a
 * channel, enters the jail, waits for "go" on stdin, then answers one client per socket with
 * its uid and root, and exits. Flags after jail and user: {@code --no-enter}, {@code
 * --getenv-first} (reads {@link System#getenv()} before taking the sockets, as a library might),
 * {@code --out-fd N} (writes these lines to descriptor N instead of stdout).
 *
 * <p>Lines: {@code NOTE <text>}, {@code SOCKET <fd> <name> <type> <address> <listening>},
 * {@code TIMING <listenFds() and channel times>}, {@code GETENV <LISTEN_FDS or null>}, {@code CHILD-PLAIN <env line>}, {@code CHILD-PB <env
 * line>}, {@code CLOEXEC <fd> <bool>}, {@code CHANNEL <fd> <getLocalAddress()>},
 * {@code REPORT <json>}, {@code ENTERED <pid>}, {@code SERVED <fd>}, {@code DONE}; on a refusal
 * {@code REFUSED <class> <message>} and exit status 3.
 */
public final class SocketActivationChild {
    private SocketActivationChild() {
    }

    public static void main(String[] args) throws Exception {
        Path jail = Path.of(args[0]);
        String user = args[1];
        List<String> flags = List.of(args).subList(2, args.length);
        boolean enter = !flags.contains("--no-enter");
        int outFd = flags.indexOf("--out-fd");
        if (outFd >= 0) { // the protocol goes to that descriptor (stdout and stderr are a journald stream)
            System.setOut(new java.io.PrintStream(new java.io.FileOutputStream("/proc/self/fd/" + flags.get(outFd + 1)),
                    true, StandardCharsets.UTF_8));
        }
        if (flags.contains("--getenv-first")) {
            System.out.println("EARLY " + System.getenv("LISTEN_FDS")); // the JDK copies the environment now
        }
        SocketActivation sockets;
        long bindingStart = System.nanoTime();
        Native.get(); // the native binding, loaded once per process (Jail.prepare() loads it in the background)
        long binding = System.nanoTime() - bindingStart;
        long start = System.nanoTime();
        try {
            sockets = SocketActivation.listenFds();
        } catch (JailException e) {
            System.out.println("REFUSED " + e.getClass().getSimpleName() + " " + e.getMessage());
            System.exit(3);
            return;
        }
        long took = System.nanoTime() - start;
        sockets.notes().forEach(n -> System.out.println("NOTE " + n));
        for (InheritedSocket s : sockets.sockets()) {
            System.out.println("SOCKET " + s.fd() + " " + s.name() + " " + s.type() + " " + s.addressText() + " "
                    + s.listening());
        }
        System.out.println("GETENV " + System.getenv("LISTEN_FDS"));
        String probe = "echo \"LISTEN_PID=$LISTEN_PID LISTEN_FDS=$LISTEN_FDS LISTEN_FDNAMES=$LISTEN_FDNAMES\"";
        for (String line : run(new ProcessBuilder("/bin/sh", "-c", probe))) {
            System.out.println("CHILD-PLAIN " + line);
        }
        ProcessBuilder touched = new ProcessBuilder("/bin/sh", "-c", probe);
        Map<String, String> env = touched.environment(); // a copy of the JDK's start-up environment
        env.put("TOUCHED", "1");
        for (String line : run(touched)) {
            System.out.println("CHILD-PB " + line);
        }
        Native n = Native.get();
        List<Object> channels = new ArrayList<>();
        long channelsStart = System.nanoTime();
        for (InheritedSocket s : sockets.sockets()) {
            Object ch = s.datagram() ? s.datagramChannel() : s.serverSocketChannel();
            channels.add(ch);
            System.out.println("CHANNEL " + s.fd() + " " + ((java.nio.channels.NetworkChannel) ch).getLocalAddress());
            System.out.println("CLOEXEC " + s.fd() + " " + n.closeOnExec(s.fd()));
        }
        System.out.printf(java.util.Locale.ROOT, "TIMING binding %.1f ms, listenFds %.3f ms, channels %.3f ms%n",
                binding / 1e6, took / 1e6,
                (System.nanoTime() - channelsStart) / 1e6);
        if (enter) {
            EntryReport report;
            try {
                report = Jail.at(jail).closeFds().dropTo(user).enter();
            } catch (JailException e) {
                System.out.println("REFUSED " + e.getClass().getSimpleName() + " " + e.getMessage());
                System.exit(3);
                return;
            }
            System.out.println("REPORT " + report.toJson());
        }
        System.out.println("ENTERED " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        String who = "uid " + n.credentials().euid() + " root " + Files.exists(Path.of("/proc/self"));
        for (int i = 0; i < channels.size(); i++) {
            Object ch = channels.get(i);
            byte[] answer = (who + " via " + sockets.sockets().get(i).name() + "\n").getBytes(StandardCharsets.UTF_8);
            if (ch instanceof ServerSocketChannel) {
                try (SocketChannel c = ((ServerSocketChannel) ch).accept()) {
                    c.write(ByteBuffer.wrap(answer));
                }
            } else {
                DatagramChannel d = (DatagramChannel) ch;
                ByteBuffer in = ByteBuffer.allocate(512);
                SocketAddress from = d.receive(in);
                d.send(ByteBuffer.wrap(answer), from);
            }
            System.out.println("SERVED " + sockets.sockets().get(i).fd());
        }
        System.err.println("jailed stderr line"); // after enter(): reaches whatever stderr is (journald)
        System.err.flush();
        System.out.println("DONE");
        System.exit(0);
    }

    private static List<String> run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().toList();
    }

}
