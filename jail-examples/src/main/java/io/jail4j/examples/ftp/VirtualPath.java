package io.jail4j.examples.ftp;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paths as the client sees them: absolute, {@code /}-separated, normalized, never above
 * {@code /}. Resolving is purely textual, so {@code ..} can never leave the served tree whatever
 * the file system holds; symbolic links are checked separately by {@link FileTree}.
 */
final class VirtualPath {
    private VirtualPath() {
    }

    /**
     * Resolves {@code arg} against the working directory {@code cwd} (itself a normalized
     * virtual path): {@code .} and empty components are dropped, {@code ..} removes the previous
     * component and stops at {@code /}.
     *
     * @throws IllegalArgumentException if the argument holds NUL or another control character
     */
    static String resolve(String cwd, String arg) {
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in path");
            }
        }
        Deque<String> parts = new ArrayDeque<>();
        if (!arg.startsWith("/")) {
            push(parts, cwd);
        }
        push(parts, arg);
        if (parts.isEmpty()) {
            return "/";
        }
        StringBuilder s = new StringBuilder();
        for (String p : parts) {
            s.append('/').append(p);
        }
        return s.toString();
    }

    private static void push(Deque<String> parts, String path) {
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
    }

    /** Returns the last component of a virtual path, or {@code /} for the root. */
    static String name(String path) {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    /** Returns whether {@code path} is {@code dir} or below it. */
    static boolean within(String path, String dir) {
        return path.equals(dir) || dir.equals("/") || path.startsWith(dir + "/");
    }
}
