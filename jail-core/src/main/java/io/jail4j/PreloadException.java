package io.jail4j;

/** Reports that a preload action failed before the jail was entered; the cause is attached. */
public final class PreloadException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The zero-based position of the failing action in the plan's preload list, or -1 outside it. */
    private final int index;
    /** The failing action's description (its {@code toString()}). */
    private final String action;

    PreloadException(int index, String action, Throwable cause) {
        super((index < 0 ? "default preload (" + action + ") failed: " + cause
                + "; if the application does not need it, plan withoutDefaultPreload()"
                : "preload #" + (index + 1) + " (" + action + ") failed: " + cause), cause);
        this.index = index;
        this.action = action;
    }

    private PreloadException(String message, String action, Throwable cause) {
        super(message, cause);
        this.index = -1;
        this.action = action;
    }

    static PreloadException defaultRow(String action, Throwable cause) {
        return new PreloadException(-1, action, cause);
    }

    /** The class-path step (every loader opened, the jar cache filled), which no option skips. */
    static PreloadException classPath(String action, Throwable cause) {
        return new PreloadException("class path (" + action + ") failed: " + cause + "; every class-path and"
                + " module-path entry must open before the chroot: fix or remove the entry named", action, cause);
    }

    /**
     * Returns the zero-based position of the failing action in the plan's preload list, or -1 for
     * a row of the default preload or the class-path step.
     *
     * @return the position, 0 or more, or -1 when the failing action is not one of the plan's
     */
    public int index() {
        return index;
    }

    /**
     * Returns the failing action's description (its {@code toString()}).
     *
     * @return the description, such as {@code "classes [com.example.Foo]"}
     */
    public String action() {
        return action;
    }
}
