/**
 * The jail4j command line ({@code io.jail4j.examples.Main}: demo, ftpd, dnsd, inspect, audit,
 * layout, hosts-check, benchmarks). An application: it exports nothing. The {@code ./jail4j}
 * launcher runs it from the class path; it runs from the module path as well.
 */
module io.jail4j.examples {
    requires io.jail4j.core;
    requires org.dnsjava;
    requires info.picocli;
    requires java.logging;
    requires java.management;
    requires jdk.unsupported;

    // picocli reads and sets the commands' and option mixins' annotated members by reflection
    opens io.jail4j.examples to info.picocli;
    opens io.jail4j.examples.cli to info.picocli;
    opens io.jail4j.examples.dns to info.picocli;
    opens io.jail4j.examples.ftp to info.picocli;
}
