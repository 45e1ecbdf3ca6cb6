package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ThrowableCodecTest {
    private static Throwable roundTrip(Throwable t) throws IOException {
        Payload.Out out = new Payload.Out();
        ThrowableCodec.write(out, t);
        return ThrowableCodec.read(new Payload.In(out.toByteArray()));
    }

    @Test
    void assertionFailure_roundTrip_keepsMessageValuesTraceCauseAndSuppressed() throws IOException {
        AssertionFailedError original = new AssertionFailedError("msg ==> expected: <1> but was: <2>", 1, 2,
                new IOException("cause"));
        original.addSuppressed(new IllegalArgumentException("also"));
        Throwable back = roundTrip(original);
        AssertionFailedError a = assertInstanceOf(AssertionFailedError.class, back);
        assertEquals(original.getMessage(), a.getMessage());
        assertEquals("1", a.getExpected().getStringRepresentation());
        assertEquals("2", a.getActual().getStringRepresentation());
        assertArrayEquals(original.getStackTrace(), a.getStackTrace());
        assertInstanceOf(IOException.class, a.getCause());
        assertEquals("cause", a.getCause().getMessage());
        assertEquals(1, a.getSuppressed().length);
        assertInstanceOf(IllegalArgumentException.class, a.getSuppressed()[0]);
    }

    @Test
    void abort_roundTrip_staysAnAbort() throws IOException {
        assertInstanceOf(TestAbortedException.class, roundTrip(new TestAbortedException("later")));
    }

    @Test
    void jdkTypeWithoutStringConstructor_roundTrip_becomesAStandIn() throws IOException {
        Throwable back = roundTrip(new UncheckedIOException("wrapped", new IOException("io")));
        JailedTestException j = assertInstanceOf(JailedTestException.class, back);
        assertEquals("java.io.UncheckedIOException: wrapped", j.toString());
        assertEquals("io", j.getCause().getMessage());
    }

    @Test
    void nullMessageAssertionError_roundTrip_keepsNull() throws IOException {
        assertNull(roundTrip(new AssertionError()).getMessage());
    }

    @Test
    void causeCycle_roundTrip_isCut() throws IOException {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        Throwable back = roundTrip(a);
        assertEquals("b", back.getCause().getMessage());
        assertNull(back.getCause().getCause(), "the cycle back to a is cut");
    }

    @Test
    void deepChain_roundTrip_isCutAtTheLimit() throws IOException {
        Throwable t = new RuntimeException("0");
        for (int i = 1; i < 100; i++) {
            t = new RuntimeException(Integer.toString(i), t);
        }
        int depth = 0;
        for (Throwable c = roundTrip(t); c != null; c = c.getCause()) {
            depth++;
        }
        assertEquals(ThrowableCodec.MAX_DEPTH + 1, depth);
    }

    @Test
    void messageThatThrows_write_recordsWhat() throws IOException {
        RuntimeException odd = new RuntimeException() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage() {
                throw new IllegalStateException("no message today");
            }
        };
        assertEquals("(getMessage() threw java.lang.IllegalStateException: no message today)",
                roundTrip(odd).getMessage());
    }

    @Test
    void none_roundTrip_isNull() throws IOException {
        assertSame(null, roundTrip(null));
    }

    @Test
    void truncatedPayload_read_throws() {
        Payload.Out out = new Payload.Out();
        ThrowableCodec.write(out, new RuntimeException("x"));
        byte[] all = out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length / 2);
        assertThrows(IOException.class, () -> ThrowableCodec.read(new Payload.In(cut)));
    }
}
