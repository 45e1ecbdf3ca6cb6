package io.jail4j.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Plain values in a frame: strings (UTF-8, length-prefixed, nullable), ints, longs, booleans. */
final class FrameFields {
    private FrameFields() {
    }

    /** Writes values in order. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Out string(String s) {
            try {
                if (s == null) {
                    out.writeInt(-1);
                } else {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out integer(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out number(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Out flag(boolean v) {
            return integer(v ? 1 : 0);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Reads values in the order they were written; a malformed payload throws {@link IOException}. */
    static final class In {
        private final DataInputStream in;
        private final int size;

        In(byte[] body) {
            this.in = new DataInputStream(new ByteArrayInputStream(body));
            this.size = body.length;
        }

        String string() throws IOException {
            int n = in.readInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > size) {
                throw new IOException("control socket: string of " + n + " bytes in a frame of " + size);
            }
            byte[] b = new byte[n];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        int integer() throws IOException {
            return in.readInt();
        }

        /** Reads a count that must lie in {@code 0..max}. */
        int count(int max) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > max) {
                throw new IOException("control socket: count " + n + " outside 0.." + max);
            }
            return n;
        }

        long number() throws IOException {
            return in.readLong();
        }

        boolean flag() throws IOException {
            return in.readInt() != 0;
        }
    }
}
