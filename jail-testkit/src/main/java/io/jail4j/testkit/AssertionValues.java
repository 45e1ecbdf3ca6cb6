package io.jail4j.testkit;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.opentest4j.ValueWrapper;

/**
 * The expected and actual values of an assertion as {@link ThrowableCodec} sends them: type name,
 * a form to re-create it from (for a primitive's wrapper, {@code String} or an enum) and the
 * string representation. A value is re-created only if it is a primitive's wrapper, a
 * {@code String} or an enum of the class path (looked up by name without initializing the class);
 * any other arrives as its string representation.
 */
final class AssertionValues {
    private static final Map<String, Function<String, Object>> SIMPLE_VALUES = Map.of(
            String.class.getName(), s -> s,
            Integer.class.getName(), Integer::valueOf,
            Long.class.getName(), Long::valueOf,
            Short.class.getName(), Short::valueOf,
            Byte.class.getName(), Byte::valueOf,
            Boolean.class.getName(), AssertionValues::bool,
            Character.class.getName(), AssertionValues::character,
            Float.class.getName(), Float::valueOf,
            Double.class.getName(), Double::valueOf);

    private AssertionValues() {
    }

    private static Object bool(String s) {
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException(s);
        }
        return Boolean.valueOf(s);
    }

    private static Object character(String s) {
        if (s.length() != 1) {
            throw new IllegalArgumentException(s);
        }
        return s.charAt(0);
    }

    /** Writes a flag saying whether there is a value, then {@code v} if there is one. */
    static void write(FrameFields.Out out, ValueWrapper v) {
        out.flag(v != null);
        if (v == null) {
            return;
        }
        Object value = v.getEphemeralValue();
        String type = null;
        String form = null;
        if (value instanceof Enum) {
            type = ((Enum<?>) value).getDeclaringClass().getName();
            form = ((Enum<?>) value).name();
        } else if (value != null) {
            type = value.getClass().getName();
            form = SIMPLE_VALUES.containsKey(type) ? String.valueOf(value) : null;
        }
        out.string(type).string(form).string(v.getStringRepresentation());
    }

    /** Reads a value written by {@link #write}, once its flag was read and said there is one. */
    static ValueWrapper read(FrameFields.In in) throws IOException {
        String type = in.string();
        String form = in.string();
        String representation = in.string();
        if (type == null) {
            return ValueWrapper.create(null);
        }
        Object value = rebuild(type, form);
        return value != null ? ValueWrapper.create(value, representation)
                : ValueWrapper.create(representation, representation);
    }

    /** Returns the value of a simple type or enum of that name and form, or null. */
    private static Object rebuild(String type, String form) {
        if (form == null) {
            return null;
        }
        try {
            Function<String, Object> simple = SIMPLE_VALUES.get(type);
            if (simple != null) {
                return simple.apply(form);
            }
            ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                    AssertionValues.class.getClassLoader());
            Class<?> c = Class.forName(type, false, loader); // loaded, not initialized
            if (c.isEnum()) {
                return enumConstant(c.asSubclass(Enum.class), form);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not re-creatable: the string form below
        }
        return null;
    }

    private static <E extends Enum<E>> Object enumConstant(Class<E> type, String name) {
        return Enum.valueOf(type, name);
    }
}
