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

        /**
         * Returns the one-character mark used in plans: + ! ~ - ?.
         *
         * @return {@code +} create, {@code !} replace, {@code ~} content, owner or mode,
         *     {@code -} remove, {@code ?} note
         */
        public String sign() {
            return sign;
        }

        /**
         * Returns the lower-case name used in plans.
         *
         * @return the constant's name in lower case, such as {@code create} or {@code mode}
         */
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

    /**
     * Returns what is done to the path.
     *
     * @return the action; {@link Action#NOTE} if the path is left alone and only reported
     */
    public Action action() {
        return action;
    }

    /**
     * Returns the path as the jailed process sees it, such as {@code /etc/passwd}.
     *
     * @return the path, starting with {@code /}; {@code /} is the jail itself
     */
    public String path() {
        return path;
    }

    /**
     * Returns the state before, such as {@code 0644}, {@code 4242:4242} or {@code missing}.
     *
     * @return a short description of the path's state before the change
     */
    public String before() {
        return before;
    }

    /**
     * Returns the state after, such as {@code 0444}.
     *
     * @return a short description of the path's state after the change, or of what is done;
     *     {@code left in place} for a note
     */
    public String after() {
        return after;
    }

    /**
     * Returns why: the layout's reason for a declared path, or the tight default for an undeclared one.
     *
     * @return the reason, one line
     */
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
