package io.jail4j.layout;

import java.util.Objects;

/** One difference between a jail and its layout: what {@code apply()} does (or did) to one path, and why. */
public final class LayoutChange {

    /** What happens to the path. */
    public enum Action {
        /** The path is missing and is created. */
        CREATE("+"),
        /** Something of the wrong type (or a hard link, or a device with other numbers) is replaced. */
        REPLACE("!"),
        /** The file's content is rewritten. */
        CONTENT("~"),
        /** The owner or group is changed. */
        OWNER("~"),
        /** The permission bits are changed. */
        MODE("~"),
        /** An undeclared device node is removed. */
        REMOVE("-"),
        /** Nothing is done, but the path needs a person's attention (an undeclared fifo, socket, hard link or mount). */
        NOTE("?");

        private final String sign;

        Action(String sign) {
            this.sign = sign;
        }

        /** Returns the one-character mark used in plans: + ! ~ - ?. */
        public String sign() {
            return sign;
        }

        /** Returns the lower-case name used in plans. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Action action;
    private final String path;
    private final String before;
    private final String after;
    private final String reason;

    LayoutChange(Action action, String path, String before, String after, String reason) {
        this.action = action;
        this.path = path;
        this.before = before;
        this.after = after;
        this.reason = reason;
    }

    public Action action() {
        return action;
    }

    /** Returns the path as the jailed process sees it, such as {@code /etc/passwd}. */
    public String path() {
        return path;
    }

    /** Returns the state before, such as {@code 0644}, {@code 4242:4242} or {@code missing}. */
    public String before() {
        return before;
    }

    /** Returns the state after, such as {@code 0444}. */
    public String after() {
        return after;
    }

    /** Returns why: the layout's reason for a declared path, or the tight default for an undeclared one. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LayoutChange)) {
            return false;
        }
        LayoutChange c = (LayoutChange) o;
        return action == c.action && path.equals(c.path) && before.equals(c.before) && after.equals(c.after)
                && reason.equals(c.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, path, before, after, reason);
    }

    /** Returns {@code ~ mode /etc/passwd 0644 -> 0444  # reason}. */
    @Override
    public String toString() {
        return action.sign() + " " + action.id() + " " + path + " " + before + " -> " + after + "  # " + reason;
    }
}
