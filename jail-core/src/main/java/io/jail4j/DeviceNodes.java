package io.jail4j;

import io.jail4j.layout.NodeMaker;
import java.io.IOException;

/**
 * Creates character device nodes for jail layouts with {@code mknodat(2)} through jail4j's
 * native binding: the one thing a layout needs that Java cannot do. Needs CAP_MKNOD (root).
 */
public final class DeviceNodes {
    private DeviceNodes() {
    }

    /** Returns the maker {@link io.jail4j.layout.JailLayout#apply(java.nio.file.Path)} uses. */
    public static NodeMaker maker() {
        return (path, major, minor, permissions) -> {
            try {
                Native.get().mknodCharDevice(path.toString(), permissions, major, minor);
            } catch (JailException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
