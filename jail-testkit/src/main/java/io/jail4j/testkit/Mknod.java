package io.jail4j.testkit;

import io.jail4j.layout.NodeMaker;
import java.io.IOException;
import java.nio.file.Path;

/** Creates a layout's device nodes with the {@code mknod} command, which fails if the path exists. */
final class Mknod implements NodeMaker {
    @Override
    public void makeCharDevice(Path path, int major, int minor, int permissions) throws IOException {
        HostFacts.run("mknod", "-m", Integer.toOctalString(permissions & 07777), path.toString(), "c",
                Integer.toString(major), Integer.toString(minor));
    }
}
