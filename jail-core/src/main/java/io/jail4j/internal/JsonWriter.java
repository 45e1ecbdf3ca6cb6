package io.jail4j.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes one compact JSON document (RFC 8259): objects, arrays, strings, numbers, booleans and
 * null. Call {@link #name(String)} before each value inside an object; commas are placed
 * automatically, and a misplaced name, value or closing bracket throws
 * {@link IllegalStateException} instead of writing a document no parser would read.
 *
 * <p>Strings are escaped so that any JSON parser accepts them and JavaScript can embed them:
 * {@code "} and {@code \}, every control character (U+0000 to U+001F, and U+007F), the line and
 * paragraph separators U+2028 and U+2029, and every lone surrogate (which UTF-8 cannot encode) are
 * written as escapes; well-formed surrogate pairs are kept as they are.
 *
 * <p><b>Internal, not API:</b> this package is exported only to jail4j's own modules, and the class
 * may change or go away in any release. It is shared by jail-core's reports
 * ({@code EntryReport.toJson()}) and the command line's {@code --json} output.
 */
public final class JsonWriter {
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

    /** Creates a writer with an empty document. */
    public JsonWriter() {
    }

    /**
     * Opens an object.
     *
     * @return this writer
     * @throws IllegalStateException inside an object without a name first, or after the top-level value
     */
    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        open.push(new Frame(true));
        return this;
    }

    /**
     * Closes the innermost open object.
     *
     * @return this writer
     * @throws IllegalStateException if the innermost open container is not an object, or a name has no value
     */
    public JsonWriter endObject() {
        return end(true, '}');
    }

    /**
     * Opens an array.
     *
     * @return this writer
     * @throws IllegalStateException inside an object without a name first, or after the top-level value
     */
    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        open.push(new Frame(false));
        return this;
    }

    /**
     * Closes the innermost open array.
     *
     * @return this writer
     * @throws IllegalStateException if the innermost open container is not an array
     */
    public JsonWriter endArray() {
        return end(false, ']');
    }

    /**
     * Writes the name of the next member of the innermost open object.
     *
     * @param name the member's name, escaped as any string
     * @return this writer
     * @throws IllegalStateException outside an object, or right after another name
     */
    public JsonWriter name(String name) {
        if (afterName || open.isEmpty() || !open.peek().object) {
            throw new IllegalStateException("name(\"" + name + "\") outside an object or after another name");
        }
        comma();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /**
     * Writes a string value, or {@code null}.
     *
     * @param value the string, or null for JSON {@code null}
     * @return this writer
     * @throws IllegalStateException inside an object without a name first, or after the top-level value
     */
    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    /**
     * Writes a number value.
     *
     * @param value the number
     * @return this writer
     * @throws IllegalStateException inside an object without a name first, or after the top-level value
     */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * Writes a boolean value.
     *
     * @param value the boolean
     * @return this writer
     * @throws IllegalStateException inside an object without a name first, or after the top-level value
     */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * Writes a name and a string value (or {@code null}).
     *
     * @param name the member's name
     * @param value the string, or null
     * @return this writer
     * @throws IllegalStateException outside an object
     */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    /**
     * Writes a name and a number value.
     *
     * @param name the member's name
     * @param value the number
     * @return this writer
     * @throws IllegalStateException outside an object
     */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /**
     * Writes a name and a boolean value.
     *
     * @param name the member's name
     * @param value the boolean
     * @return this writer
     * @throws IllegalStateException outside an object
     */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /**
     * Writes a name and an array of numbers.
     *
     * @param name the member's name
     * @param values the numbers, in iteration order
     * @return this writer
     * @throws IllegalStateException outside an object
     */
    public JsonWriter numbers(String name, Iterable<Long> values) {
        name(name).beginArray();
        for (long v : values) {
            value(v);
        }
        return endArray();
    }

    /**
     * Writes a name and an array of strings.
     *
     * @param name the member's name
     * @param values the strings, in iteration order (a null element is written as {@code null})
     * @return this writer
     * @throws IllegalStateException outside an object
     */
    public JsonWriter strings(String name, Iterable<String> values) {
        name(name).beginArray();
        for (String v : values) {
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
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        unicodeEscape(c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private void unicodeEscape(char c) {
        String hex = Integer.toHexString(c);
        out.append("\\u");
        for (int pad = hex.length(); pad < 4; pad++) {
            out.append('0');
        }
        out.append(hex);
    }

    /**
     * Returns the document written so far.
     *
     * @return the JSON text (complete once every container is closed)
     */
    @Override
    public String toString() {
        return out.toString();
    }
}
