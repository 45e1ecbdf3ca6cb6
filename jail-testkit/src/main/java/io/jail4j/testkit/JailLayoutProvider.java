package io.jail4j.testkit;

import io.jail4j.layout.JailLayout;

/**
 * Supplies the layout of the fresh jail each {@link Jailed} test runs in. An implementation needs
 * a no-argument constructor; it is created and called outside the jail, as root, once per test.
 *
 * <pre>{@code
 * static final class FtpJail implements JailLayoutProvider {
 *     public JailLayout layout() {
 *         return JailLayoutProvider.minimal()
 *                 .dir("/pub", "root:root", 0755, "files offered for download");
 *     }
 * }
 *
 * @Jailed(user = "ftp", layout = FtpJail.class)
 * }</pre>
 *
 * <p>Device nodes in a layout are created with the {@code mknod} command.
 */
public interface JailLayoutProvider {

    /**
     * Returns the layout to apply to an empty, root-owned directory.
     *
     * @return the jail's layout, applied before the child is forked
     */
    JailLayout layout();

    /**
     * Returns the default layout: only the jail directory and a {@code /tmp} (mode 1777).
     *
     * @return a new layout, to which a provider may add entries
     */
    static JailLayout minimal() {
        return JailLayout.empty().dir("/tmp", "root:root", 01777, "temporary files of the test (sticky)");
    }

    /** The default: {@link JailLayoutProvider#minimal()}. */
    final class Minimal implements JailLayoutProvider {
        /** Creates the provider. */
        public Minimal() {
        }

        @Override
        public JailLayout layout() {
            return minimal();
        }
    }

    /**
     * {@link JailLayout#standard()} (a {@code /dev} with {@code null}, {@code zero},
     * {@code random}, {@code urandom}) plus the {@code /tmp} of {@link #minimal()}.
     */
    final class Standard implements JailLayoutProvider {
        /** Creates the provider. */
        public Standard() {
        }

        @Override
        public JailLayout layout() {
            return JailLayout.standard().dir("/tmp", "root:root", 01777, "temporary files of the test (sticky)");
        }
    }
}
