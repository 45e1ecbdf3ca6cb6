/**
 * jail4j's testkit: {@code @Jailed} JUnit 5 tests that run inside real jails in forked child
 * JVMs, and assertions on a process seen from outside. Normally used from the class path, as test
 * libraries are; as a module it reads jail-core and JUnit's API and launcher.
 */
module io.jail4j.testkit {
    requires transitive io.jail4j.core;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    requires org.junit.platform.engine;
    requires org.junit.platform.launcher;
    requires org.opentest4j;

    exports io.jail4j.testkit;

    // JUnit instantiates the @Jailed extension reflectively
    opens io.jail4j.testkit to org.junit.platform.commons;
}
