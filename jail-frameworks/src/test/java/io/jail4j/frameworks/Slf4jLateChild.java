package io.jail4j.frameworks;

import io.jail4j.EntryReport;
import io.jail4j.Jail;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child of {@link Slf4jLateTest}: SLF4J 2 with Logback on the class path, touched for the first
 * time after {@code enter()}, when it looks for its provider with {@code ServiceLoader}.
 *
 * <p>Arguments: {@code JAIL mirror|no-mirror}. Prints {@code FACTORY <class>} and logs one line
 * at INFO (Logback's default console appender writes it to stdout).
 */
public final class Slf4jLateChild {
    private Slf4jLateChild() {
    }

    public static void main(String[] args) throws Exception {
        Jail plan = Jail.at(Path.of(args[0])).preload(ChildSupport.ownClasses(Slf4jLateChild.class)).closeFds()
                .dropTo("nobody");
        EntryReport report = ChildSupport.learnOrApply("mirror".equals(args[1]) ? plan.mirrorClassPath() : plan).enter();
        ChildSupport.printWarnings(report);
        Logger log = LoggerFactory.getLogger("app.late");   // SLF4J's first use: inside the jail
        System.out.println("FACTORY " + LoggerFactory.getILoggerFactory().getClass().getName());
        log.info("LATE-LINE logged after enter()");
        System.out.flush();
        System.exit(0);
    }
}
