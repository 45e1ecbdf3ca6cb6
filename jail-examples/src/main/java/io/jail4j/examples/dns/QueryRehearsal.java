package io.jail4j.examples.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Does once, before the chroot, what serving and reloading do after it, so that every class and
 * runtime part they need is loaded while the host's files can still be read: a reload of the
 * zones, and queries of every kind through a {@link Worker} over UDP and TCP, malformed ones and
 * a zone transfer included.
 */
final class QueryRehearsal implements Runnable {
    private final Responder responder;
    private final Reloader reloader;

    QueryRehearsal(Responder responder, Reloader reloader) {
        this.responder = responder;
        this.reloader = reloader;
    }

    @Override
    public void run() {
        if (!reloader.reload(false)) {
            throw new IllegalStateException("the zones could not be read again");
        }
        Worker w = responder.worker();
        InetAddress client = InetAddress.getLoopbackAddress();
        for (byte[] q : queries()) {
            for (boolean tcp : new boolean[] {false, true}) {
                int n = w.respond(q, q.length, tcp, client);
                if (n == Worker.TRANSFER) {
                    for (int i = 0; i < 1000 && w.nextTransferMessage() > 0; i++) {
                        // every message, as the TCP server sends them
                    }
                }
            }
        }
    }

    private List<byte[]> queries() {
        List<byte[]> out = new ArrayList<>();
        Zone zone = responder.snapshot().zones.all().get(0);
        int[] types = {Type.A, Type.AAAA, Type.MX, Type.NS, Type.SOA, Type.TXT, Type.CNAME, Type.DS, Type.ANY,
            Type.AXFR, Type.IXFR, Type.SRV};
        try {
            for (Zone.Node node : zone.canonicalOrder().subList(0, Math.min(50, zone.canonicalOrder().size()))) {
                for (int type : types) {
                    out.add(query(node.name, type, DClass.IN, true));
                }
            }
            Name missing = Name.concatenate(Name.fromConstantString("no-such-name-0"), zone.apex);
            out.add(query(missing, Type.A, DClass.IN, false));
            out.add(query(missing, Type.A, DClass.ANY, true));
            out.add(query(Name.fromConstantString("version.server."), Type.TXT, DClass.CH, true));
            out.add(query(Name.fromConstantString("example.invalid."), Type.A, DClass.IN, true));
        } catch (IOException e) {
            throw new IllegalStateException("warm-up queries: " + e, e);
        }
        byte[] header = new byte[12];
        out.add(header);
        byte[] notimp = query(zone.apex, Type.A, DClass.IN, false);
        notimp[2] = 0x10;
        out.add(notimp);
        return out;
    }

    private static byte[] query(Name name, int type, int dclass, boolean edns) {
        Message m = Message.newQuery(Record.newRecord(name, type, dclass));
        if (edns) {
            m.addRecord(new OPTRecord(1232, 0, 0), 3);
        }
        return m.toWire();
    }
}
