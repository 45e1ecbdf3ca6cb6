package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.MissingResourceException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.IncompleteExecutionException;
import org.opentest4j.MultipleFailuresError;
import org.opentest4j.TestAbortedException;
import org.opentest4j.TestSkippedException;

class ThrowableCodecTest {
    private static Throwable roundTrip(Throwable t) throws IOException {
        FrameFields.Out out = new FrameFields.Out();
        ThrowableCodec.write(out, t);
        return ThrowableCodec.read(new FrameFields.In(out.toByteArray()));
    }

    private static byte[] written(Throwable t) {
        FrameFields.Out out = new FrameFields.Out();
        ThrowableCodec.write(out, t);
        return out.toByteArray();
    }

    /** Replaces the first string {@code from} of a payload by {@code to}, as a hostile child could. */
    private static byte[] replace(byte[] payload, String from, String to) {
        byte[] f = from.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] t = to.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer pattern = java.nio.ByteBuffer.allocate(4 + f.length).putInt(f.length).put(f);
        byte[] p = pattern.array();
        for (int i = 0; i + p.length <= payload.length; i++) {
            if (java.util.Arrays.equals(payload, i, i + p.length, p, 0, p.length)) {
                java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(payload.length - f.length + t.length);
                out.put(payload, 0, i).putInt(t.length).put(t)
                        .put(payload, i + p.length, payload.length - i - p.length);
                return out.array();
            }
        }
        throw new AssertionError(from + " not in the payload");
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
        Throwable back = roundTrip(new DateTimeParseException("unparsable", "x", 0, new IOException("io")));
        JailedTestException j = assertInstanceOf(JailedTestException.class, back);
        assertEquals("java.time.format.DateTimeParseException: unparsable", j.toString());
        assertEquals("io", j.getCause().getMessage());
    }

    @Test
    void jdkTypeWithACauseOfItsOwnType_roundTrip_keepsTheType() throws IOException {
        Throwable back = roundTrip(new UncheckedIOException("wrapped", new IOException("io")));
        assertInstanceOf(UncheckedIOException.class, back);
        assertEquals("wrapped", back.getMessage());
        assertEquals("io", back.getCause().getMessage());
    }

    @Test
    void missingResource_roundTrip_keepsTypeClassNameAndKey() throws IOException {
        Throwable back = roundTrip(new MissingResourceException("no greeting", "Messages", "greeting"));
        MissingResourceException m = assertInstanceOf(MissingResourceException.class, back);
        assertEquals("no greeting", m.getMessage());
        assertEquals("Messages", m.getClassName());
        assertEquals("greeting", m.getKey());
    }

    @Test
    void opentest4jTypes_roundTrip_keepTypeAndCause() throws IOException {
        Throwable skipped = roundTrip(new TestSkippedException("later", new IOException("why")));
        assertEquals(TestSkippedException.class, skipped.getClass());
        assertEquals("why", skipped.getCause().getMessage());
        assertEquals(IncompleteExecutionException.class,
                roundTrip(new IncompleteExecutionException("partly")).getClass());
        assertEquals(TestAbortedException.class,
                roundTrip(new TestAbortedException("a", new IOException())).getClass());
    }

    @Test
    void multipleFailures_roundTrip_keepsHeadingFailuresAndSharedSuppressed() throws IOException {
        List<Throwable> failures = List.of(new AssertionFailedError("one", 1, 2), new IllegalStateException("two"));
        MultipleFailuresError original = new MultipleFailuresError("heading", failures);
        failures.forEach(original::addSuppressed);
        MultipleFailuresError back = assertInstanceOf(MultipleFailuresError.class, roundTrip(original));
        assertEquals(original.getMessage(), back.getMessage());
        assertEquals(2, back.getFailures().size());
        assertInstanceOf(IllegalStateException.class, back.getFailures().get(1));
        assertSame(back.getFailures().get(0), back.getSuppressed()[0]);
        assertEquals("Multiple Failures", roundTrip(new MultipleFailuresError(null, List.of())).getMessage());
    }

    private enum Colour { RED }

    @Test
    void values_roundTrip_keepTheirTypeOrTheirStringForm() throws IOException {
        Object[][] cases = {{7, 7L}, {(short) 3, (byte) 4}, {true, 'c'}, {1.5f, Double.NaN}, {"s", Colour.RED},
            {null, new StringBuilder("sb")}};
        for (Object[] c : cases) {
            AssertionFailedError back = (AssertionFailedError) roundTrip(new AssertionFailedError("m", c[0], c[1]));
            assertEquals(c[0], back.getExpected().getValue());
            if (c[1] instanceof StringBuilder) {
                assertEquals("sb", back.getActual().getValue(), "the string form");
                assertEquals("sb", back.getActual().getStringRepresentation());
            } else {
                assertEquals(c[1], back.getActual().getValue());
                assertEquals(c[1].getClass(), back.getActual().getType());
            }
        }
    }

    /** An assertion library's own failure type, which the test JVM does not re-create. */
    static final class OwnAssertion extends AssertionError {
        private static final long serialVersionUID = 1L;

        OwnAssertion(String message) {
            super(message);
        }
    }

    @Test
    void ownAssertionType_roundTrip_staysAnAssertionError() throws IOException {
        Throwable back = roundTrip(new OwnAssertion("own"));
        assertInstanceOf(AssertionError.class, back, "surefire counts an AssertionError as a failure, not an error");
        assertEquals(OwnAssertion.class.getName() + ": own", back.toString());
    }

    @Test
    void hostileChild_read_instantiatesNothingItNames() throws IOException {
        Throwable oom = roundTrip(new OutOfMemoryError("fake"));
        assertFalse(oom instanceof VirtualMachineError, "JUnit rethrows an OutOfMemoryError: it would end the run");
        assertEquals("java.lang.OutOfMemoryError: fake", oom.toString());

        Throwable thrown = new Hostile.Exception("hostile");
        AssertionFailedError withValue = new AssertionFailedError("m", new Hostile.Value(), "x", thrown);
        int constructed = Hostile.CONSTRUCTED.get();
        Throwable back = roundTrip(withValue);
        assertEquals(constructed, Hostile.CONSTRUCTED.get(), "the test JVM constructed a type the child named");
        assertEquals("hostile value", back instanceof AssertionFailedError a ? a.getExpected().getValue() : back);
        assertInstanceOf(JailedTestException.class, back.getCause());

        Throwable named = roundTrip(new RuntimeException("named") {
            private static final long serialVersionUID = 1L;
        });
        assertInstanceOf(JailedTestException.class, named);
        byte[] bytes = written(new AssertionFailedError("m", Colour.RED, "x"));
        bytes = replace(bytes, Colour.class.getName(), Hostile.Initialized.class.getName());
        bytes = replace(bytes, AssertionFailedError.class.getName(), Hostile.Initialized.class.getName());
        Throwable forged = ThrowableCodec.read(new FrameFields.In(bytes));
        assertEquals(Hostile.Initialized.class.getName() + ": m", forged.toString());
        assertNull(System.getProperty(Hostile.INITIALIZED), "a named class was initialized");
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
        FrameFields.Out out = new FrameFields.Out();
        ThrowableCodec.write(out, new RuntimeException("x"));
        byte[] all = out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length / 2);
        assertThrows(IOException.class, () -> ThrowableCodec.read(new FrameFields.In(cut)));
    }
}
