package io.jail4j.examples;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes one compact JSON document: objects, arrays, strings, numbers, booleans and null. Call
 * {@link #name(String)} before each value inside an object; commas are placed automatically.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** One entry per open container, innermost first. */
    private final Deque<Frame> open = new ArrayDeque<>();
    private boolean afterName;

    /** An open object or array, and whether it already holds a member. */
    private static final class Frame {
        final boolean object;
        boolean hasValue;

        Frame(boolean object) {
            this.object = object;
        }
    }

    JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new Frame(true));
        return this;
    }

    JsonWriter endObject() {
        return end(true, '}');
    }

    JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new Frame(false));
        return this;
    }

    JsonWriter endArray() {
        return end(false, ']');
    }

    JsonWriter name(String name) {
        if (afterName || open.isEmpty() || !open.peek().object) {
            throw new IllegalStateException("name(\"" + name + "\") outside an object or after another name");
        }
        comma();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** Writes a name and a string value. */
    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /** Writes a name and a number value. */
    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** Writes a name and a boolean value. */
    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** Writes a name and an array of numbers. */
    JsonWriter field(String name, Iterable<Long> values) {
        name(name).beginArray();
        for (long v : values) {
            value(v);
        }
        return endArray();
    }

    private JsonWriter end(boolean object, char bracket) {
        if (open.isEmpty() || open.peek().object != object || afterName) {
            throw new IllegalStateException("'" + bracket + "' without a matching open container or after a name");
        }
        open.pop();
        out.append(bracket);
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else if (!open.isEmpty()) {
            if (open.peek().object) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            comma();
        } else if (out.length() > 0) {
            throw new IllegalStateException("a JSON document has one top-level value");
        }
    }

    private void comma() {
        Frame frame = open.peek();
        if (frame.hasValue) {
            out.append(',');
        }
        frame.hasValue = true;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Returns the document written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}
