/**
 * The jail4j command line ({@code io.jail4j.examples.Main}: demo, ftpd, dnsd, inspect, audit,
 * layout, hosts-check, benchmarks). An application: it exports nothing. The {@code ./jail4j}
 * launcher runs it from the class path; it runs from the module path as well.
 */
module io.jail4j.examples {
    requires io.jail4j.core;
    requires org.dnsjava;
    requires java.logging;
    requires java.management;
    requires jdk.unsupported;
}
