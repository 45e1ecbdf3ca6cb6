package io.jail4j;

import java.util.List;

/**
 * What learn mode needs to know, taken when {@code enter()} ran, to decide what covers a path:
 * the runtime image, the temporary directory, the class-path entries and whether they are
 * mirrored into the jail already, and the drop target.
 */
record LearnContext(String javaHome, String tmpDir, List<ClassPathAccess.Entry> classPath, boolean mirrored,
        TargetUser target) {
}
