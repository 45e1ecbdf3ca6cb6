package io.jail4j;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The program of {@link LearnRootTest}: enters the jail {@code JAIL} as {@code nobody}, in learn
 * mode writing {@code PLAN} ({@code learn}) or plainly ({@code plain}, for the environment
 * variable test), prints {@code REPORT jailed=BOOL}, the report's first warning as {@code WARNING ...}
 * and {@code ENTERED PID}, waits for a line on stdin, then reads {@code HOSTFILE} (outside the
 * jail) by path, prints {@code READ ok|failed ...}, appends a line to {@code LOGFILE} if given (a host
 * log file) and prints {@code WROTE ok|failed ...}, and exits 0 (learn mode writes the plan at exit).
 */
public final class LearnChild {
    private LearnChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path jail = Path.of(args[1]);
        Path plan = Path.of(args[2]);
        Path hostFile = Path.of(args[3]);
        Jail j = Jail.at(jail).closeFds().dropTo("nobody");
        if (mode.equals("learn")) {
            j = j.learn(plan);
        }
        EntryReport report;
        try {
            report = j.enter();
        } catch (JailException e) {
            System.out.println("REFUSED " + e.getClass().getSimpleName() + " " + e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("REPORT jailed=" + report.jailed() + " learnPlan=" + report.learnPlan().orElse(null));
        System.out.println("WARNING " + (report.warnings().isEmpty() ? "" : report.warnings().get(0)));
        System.out.println("ENTERED " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        try {
            System.out.println("READ ok " + Files.readString(hostFile).strip());
        } catch (Exception e) {
            System.out.println("READ failed " + e);
        }
        if (args.length > 4) {
            try {
                Files.writeString(Path.of(args[4]), "a log line after enter()\n", java.nio.file.StandardOpenOption.APPEND);
                System.out.println("WROTE ok");
            } catch (Exception e) {
                System.out.println("WROTE failed " + e);
            }
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }
}
