package io.jail4j;

import java.util.Collection;

/** A minimal JSON writer for reports: objects, arrays, strings and numbers, no dependencies. */
final class Json {
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;

    Json open() {
        comma();
        out.append('{');
        first = true;
        return this;
    }

    Json close() {
        out.append('}');
        first = false;
        return this;
    }

    Json array() {
        comma();
        out.append('[');
        first = true;
        return this;
    }

    Json end() {
        out.append(']');
        first = false;
        return this;
    }

    Json key(String key) {
        comma();
        string(key);
        out.append(':');
        first = true;
        return this;
    }

    void field(String key, String value) {
        key(key);
        comma();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        first = false;
    }

    void field(String key, boolean value) {
        key(key);
        comma();
        out.append(value);
        first = false;
    }

    void field(String key, long value) {
        key(key);
        comma();
        out.append(value);
        first = false;
    }

    void numbers(Collection<Long> values) {
        array();
        for (long v : values) {
            comma();
            out.append(v);
            first = false;
        }
        end();
    }

    void strings(Collection<String> values) {
        array();
        for (String v : values) {
            comma();
            string(v);
            first = false;
        }
        end();
    }

    void credentials(Credentials c) {
        open();
        field("ruid", c.ruid());
        field("euid", c.euid());
        field("suid", c.suid());
        field("rgid", c.rgid());
        field("egid", c.egid());
        field("sgid", c.sgid());
        key("groups").numbers(c.groups());
        close();
    }

    private void comma() {
        if (!first) {
            out.append(',');
        }
        first = false;
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
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
