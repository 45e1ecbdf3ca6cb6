package io.jail4j;

import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An inetd {@code nowait} service for root tests: takes the connection on standard input with
 * {@link SocketActivation#inetd()}, enters the jail, reports on standard error (standard output
 * is the connection), waits for the client's line, answers with its uid and exits.
 *
 * <p>Lines on stderr: {@code CHANNEL <class>}, {@code REPORT <json>}, {@code ENTERED <pid>}; on a
 * refusal {@code REFUSED <class> <message>} and exit status 3.
 */
public final class InetdChild {
    private InetdChild() {
    }

    public static void main(String[] args) throws Exception {
        Channel channel;
        EntryReport report;
        try {
            channel = SocketActivation.inetd();
            System.err.println("CHANNEL " + channel.getClass().getSuperclass().getSimpleName());
            report = Jail.at(Path.of(args[0])).closeFds().dropTo(args[1]).enter();
        } catch (JailException e) {
            System.err.println("REFUSED " + e.getClass().getSimpleName() + " " + e.getMessage());
            System.exit(3);
            return;
        }
        System.err.println("REPORT " + report.toJson());
        System.err.println("ENTERED " + ProcessHandle.current().pid());
        SocketChannel c = (SocketChannel) channel;
        ByteBuffer in = ByteBuffer.allocate(16);
        while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
            if (c.read(in) < 0) {
                break;
            }
        }
        String who = "uid " + Native.get().credentials().euid() + " inetd\n";
        c.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)));
        c.close();
        System.exit(0);
    }
}
