package io.jail4j.testkit;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * An IDE-style launcher: its own class is all of {@code java.class.path}; the test class path
 * (first argument, {@code File.pathSeparator}-separated) is held by a {@link URLClassLoader}, in
 * which {@link LauncherMain} runs the test class named by the second argument. Uses the JDK only.
 */
public final class UrlLoaderMain {
    private UrlLoaderMain() {
    }

    /**
     * Runs {@code LauncherMain} in a URLClassLoader.
     *
     * @param args the class path, then the test class
     */
    public static void main(String[] args) throws Exception {
        String[] entries = args[0].split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        loader.loadClass("io.jail4j.testkit.LauncherMain").getMethod("main", String[].class)
                .invoke(null, (Object) new String[] {args[1]});
    }
}
