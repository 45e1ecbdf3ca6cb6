package io.jail4j;

import java.util.List;

/**
 * Reports that the process maps a host file outside the jail shared and writable (for example a
 * {@link java.nio.MappedByteBuffer} of {@code FileChannel.map(READ_WRITE, ..)}). Such a mapping
 * is in no descriptor table: it survives the chroot and {@link Jail#closeFds()}, and every write
 * to it reaches the host file. Unmap it before {@code enter()}, or keep it on purpose with
 * {@link Jail#insecureKeepWritable(java.nio.file.Path, String)}.
 */
public final class SharedMappingException extends JailException {
    private static final long serialVersionUID = 1L;
    /** The mappings found, in a serializable list. */
    private final List<String> mappings;

    SharedMappingException(List<String> mappings, String message) {
        super(message);
        this.mappings = List.copyOf(mappings);
    }

    /**
     * Returns each refused mapping as {@code FILE at START-END}.
     *
     * @return an unmodifiable list, one element a refused mapping, addresses in hexadecimal as
     *         {@code /proc/self/maps} gives them
     */
    public List<String> mappings() {
        return mappings;
    }
}
