package io.jail4j;

/** Reports that a preload action failed before the jail was entered; the cause is attached. */
public final class PreloadException extends JailException {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String action;

    PreloadException(int index, String action, Throwable cause) {
        super((index < 0 ? "default preload (" + action + ") failed: " + cause
                + "; if the application does not need it, plan withoutDefaultPreload()"
                : "preload #" + (index + 1) + " (" + action + ") failed: " + cause), cause);
        this.index = index;
        this.action = action;
    }

    static PreloadException defaultRow(String action, Throwable cause) {
        return new PreloadException(-1, action, cause);
    }

    /**
     * Returns the zero-based position of the failing action in the plan's preload list, or -1 for
     * a row of the default preload.
     */
    public int index() {
        return index;
    }

    /** Returns the failing action's description (its {@code toString()}). */
    public String action() {
        return action;
    }
}
