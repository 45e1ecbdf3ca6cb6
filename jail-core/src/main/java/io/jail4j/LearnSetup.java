package io.jail4j;

import static io.jail4j.internal.LinuxAbi.FAN_MARK_ADD;
import static io.jail4j.internal.LinuxAbi.FAN_MARK_MOUNT;
import static io.jail4j.internal.LinuxAbi.FAN_MARK_FILESYSTEM;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Learn mode's set-up, as root before the descriptors are judged: the plan file for the target
 * user, and the fanotify marks on every file system but the kernel's own.
 */
final class LearnSetup {
    /** File systems of the kernel's own, never watched: nothing there belongs in a jail plan. */
    private static final Set<String> KERNEL_FILE_SYSTEMS = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts",
            "mqueue", "securityfs", "debugfs", "tracefs", "bpf", "pstore", "configfs", "fusectl", "hugetlbfs",
            "autofs", "binfmt_misc", "nsfs", "efivarfs", "rpc_pipefs", "selinuxfs");

    private LearnSetup() {
    }

    /**
     * Marks every file system but the kernel's own for the fanotify {@code group}, as a whole file
     * system where the kernel allows it, else as a mount; adds what cannot be marked, and why, to
     * {@code unwatched}. Returns how many were marked.
     */
    static int markFileSystems(SystemCalls os, int group, long mask, List<String> unwatched) throws JailException {
        int marked = 0;
        for (String[] mount : mounts()) {
            String point = mount[0];
            String type = mount[1];
            if (KERNEL_FILE_SYSTEMS.contains(type)) {
                continue;
            }
            try {
                os.fanotifyMark(group, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, mask, point);
                marked++;
            } catch (SystemCallException fs) {
                try {
                    os.fanotifyMark(group, FAN_MARK_ADD | FAN_MARK_MOUNT, mask, point);
                    marked++;
                } catch (SystemCallException mount2) {
                    unwatched.add(point + " (" + type + "): " + mount2.getMessage());
                }
            }
        }
        if (marked == 0) {
            throw new JailStateException("learn(): no file system could be watched: " + unwatched);
        }
        return marked;
    }

    /**
     * Creates (or truncates) the plan file as root, mode 0600, and gives it to the target user,
     * who writes the plan after the drop.
     */
    static void preparePlanFile(Path file, TargetUser target) throws JailException {
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new JailPathException(file, "learn(" + file + "): the directory " + dir + " does not exist;"
                    + " create it or name a plan file in an existing directory");
        }
        try (SeekableByteChannel c = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))) {
            c.write(ByteBuffer.wrap(("# jail4j learn plan: learning since enter(); written at exit\n")
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new JailPathException(file, "learn(" + file + "): cannot create the plan file: " + e
                    + "; name a regular file in a directory root can write", e);
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new JailPathException(file, "learn(" + file + "): the plan file is not a regular file");
            }
            Files.setAttribute(file, "unix:gid", (int) target.gid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:uid", (int) target.uid(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new JailPathException(file, "learn(" + file + "): cannot give the plan file to " + target
                    + " (it writes the plan after the drop): " + e, e);
        }
    }

    /** Returns mount point and type of every mount, from /proc/self/mountinfo. */
    private static List<String[]> mounts() throws JailException {
        List<String[]> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                int dash = java.util.Arrays.asList(f).indexOf("-");
                if (f.length < 5 || dash < 0 || dash + 1 >= f.length) {
                    throw new JailStateException("learn(): cannot parse /proc/self/mountinfo line \"" + line + "\"");
                }
                out.add(new String[] {unescape(f[4]), f[dash + 1]});
            }
        } catch (IOException e) {
            throw new JailStateException("learn(): cannot read /proc/self/mountinfo: " + e, e);
        }
        return out;
    }

    /** Decodes mountinfo's octal escapes ({@code \040} for a space). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
