package io.jail4j.layout;

import io.jail4j.internal.Glibc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a file's capabilities ({@code security.capability}, set with {@code setcap(8)}): what
 * {@code execve} of that file grants, as a setuid bit does. {@code cap_setuid+ep} on an
 * interpreter is as good as setuid root for whoever may run it.
 */
final class FileCapabilities {
    private static final String[] NAMES = {"cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner",
        "cap_fsetid", "cap_kill", "cap_setgid", "cap_setuid", "cap_setpcap", "cap_linux_immutable",
        "cap_net_bind_service", "cap_net_broadcast", "cap_net_admin", "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner",
        "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace", "cap_sys_pacct", "cap_sys_admin",
        "cap_sys_boot", "cap_sys_nice", "cap_sys_resource", "cap_sys_time", "cap_sys_tty_config", "cap_mknod",
        "cap_lease", "cap_audit_write", "cap_audit_control", "cap_setfcap", "cap_mac_override", "cap_mac_admin",
        "cap_syslog", "cap_wake_alarm", "cap_block_suspend", "cap_audit_read", "cap_perfmon", "cap_bpf",
        "cap_checkpoint_restore"};

    private FileCapabilities() {
    }

    /**
     * Returns the capabilities {@code path} grants on {@code execve}, written as {@code getcap(8)}
     * writes them (such as {@code cap_net_bind_service,cap_setuid=ep}), or empty when it has none.
     * A final symbolic link is not followed.
     *
     * @throws IOException if the attribute cannot be read, or is malformed
     */
    static Optional<String> of(Path path) throws IOException {
        Objects.requireNonNull(path, "of: path");
        byte[] raw = Glibc.fileCapability(path);
        return raw == null ? Optional.empty() : Optional.of(describe(raw, path));
    }

    /** Decodes {@code struct vfs_cap_data} (versions 1 to 3, little-endian). */
    static String describe(byte[] raw, Path path) throws IOException {
        if (raw.length < 4) {
            throw new IOException(path + ": security.capability of " + raw.length + " bytes is malformed");
        }
        int magic = le32(raw, 0);
        int version = magic >>> 24;
        int words = version == 1 ? 1 : 2;
        int size = version == 1 ? 12 : version == 2 ? 20 : version == 3 ? 24 : -1;
        if (size < 0 || raw.length < size) {
            throw new IOException(path + ": security.capability version " + version + " with " + raw.length
                    + " bytes is malformed");
        }
        long permitted = 0;
        long inheritable = 0;
        for (int w = 0; w < words; w++) {
            permitted |= Integer.toUnsignedLong(le32(raw, 4 + 8 * w)) << (32 * w);
            inheritable |= Integer.toUnsignedLong(le32(raw, 8 + 8 * w)) << (32 * w);
        }
        boolean effective = (magic & 1) != 0;
        StringBuilder s = new StringBuilder();
        long all = permitted | inheritable;
        for (int bit = 0; bit < 64; bit++) {
            if ((all & (1L << bit)) != 0) {
                s.append(s.length() == 0 ? "" : ",").append(bit < NAMES.length ? NAMES[bit] : "cap_" + bit);
            }
        }
        if (s.length() == 0) {
            s.append("(no capabilities)");
        }
        s.append('=').append(effective ? "e" : "").append(inheritable != 0 ? "i" : "").append(permitted != 0 ? "p" : "");
        if (version == 3) {
            s.append(" [rootid=").append(Integer.toUnsignedLong(le32(raw, 20))).append(']');
        }
        return s.toString();
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
