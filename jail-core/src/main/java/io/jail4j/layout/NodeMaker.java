package io.jail4j.layout;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Creates character device nodes for {@link JailLayout#apply(Path, NodeMaker)}: the one
 * operation of a layout that Java cannot do itself ({@code mknod(2)}). An implementation must
 * create the node at exactly {@code path}, fail if anything exists there (so that it never follows
 * a symbolic link), and may leave owner and mode to the caller, which sets both afterwards.
 */
@FunctionalInterface
public interface NodeMaker {

    /**
     * Creates a character device node.
     *
     * @param path        where, on the host; its parent exists and only root can write to it
     * @param major       the major device number
     * @param minor       the minor device number
     * @param permissions the permission bits wanted (the caller sets them again afterwards)
     * @throws IOException naming the path and the reason, such as {@code EEXIST}
     */
    void makeCharDevice(Path path, int major, int minor, int permissions) throws IOException;
}
