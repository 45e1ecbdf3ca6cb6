package io.jail4j.examples.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code jail4j --version}: the Implementation-Version of the jar the command line runs from, as
 * the jar plugin writes it into the manifest; {@code unknown (not run from a jar)} when it runs
 * from a directory of classes.
 */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"jail4j " + version()};
    }

    /** Returns the version, or a text that says why it is not known. */
    static String version() {
        URL location = Version.class.getProtectionDomain().getCodeSource() == null ? null
                : Version.class.getProtectionDomain().getCodeSource().getLocation();
        Path path;
        try {
            path = location == null ? null : Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            path = null;
        }
        if (path == null || !Files.isRegularFile(path)) {
            return "unknown (not run from a jar)";
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Manifest manifest = jar.getManifest();
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
            return version != null ? version : "unknown (" + path.getFileName() + " has no Implementation-Version)";
        } catch (IOException e) {
            return "unknown (cannot read " + path + ": " + e.getMessage() + ")";
        }
    }
}
