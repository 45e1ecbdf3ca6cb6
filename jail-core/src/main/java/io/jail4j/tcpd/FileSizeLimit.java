package io.jail4j.tcpd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bounds on what a rule set reads, so that a hostile or mistaken file gives a clear error
 * instead of exhausting memory: each rule, list or banner file at most {@link #MAX_FILE} bytes.
 */
final class FileSizeLimit {
    static final int MAX_FILE = 16 << 20;
    static final FileSizeLimit DEFAULT = new FileSizeLimit();

    private FileSizeLimit() {
    }

    /** Reads a whole file, refusing one larger than {@link #MAX_FILE} bytes. */
    byte[] read(Path path) throws IOException, HostsFileException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] data = in.readNBytes(MAX_FILE + 1);
            if (data.length > MAX_FILE) {
                throw new HostsFileException(path, 0, "file larger than " + MAX_FILE + " bytes");
            }
            return data;
        }
    }
}
