package io.jail4j;

/** Reports that a preload action failed before the jail was entered; the cause is attached. */
public final class PreloadException extends JailException {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String action;

    PreloadException(int index, String action, Throwable cause) {
        super("preload #" + (index + 1) + " (" + action + ") failed: " + cause, cause);
        this.index = index;
        this.action = action;
    }

    /** Returns the zero-based position of the failing action in the plan's preload list. */
    public int index() {
        return index;
    }

    /** Returns the failing action's description (its {@code toString()}). */
    public String action() {
        return action;
    }
}
