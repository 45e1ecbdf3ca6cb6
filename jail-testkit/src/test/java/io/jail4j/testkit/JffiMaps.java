package io.jail4j.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/** Loads jnr-ffi like {@link JnrFloor}, then prints the lines of its memory map that name jffi's stub. */
final class JffiMaps {
    private JffiMaps() {
    }

    public static void main(String[] args) throws Exception {
        if (LibraryLoader.create(JnrFloor.LibC.class).load("c").getpid() <= 0) {
            throw new IllegalStateException("getpid failed");
        }
        Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("jffi"))
                .forEach(System.out::println);
    }
}
