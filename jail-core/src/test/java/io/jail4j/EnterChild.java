package io.jail4j;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The program root tests run in a forked JVM: it enters a jail as its arguments say, reports on
 * stdout, optionally pauses so the test can inspect it from outside, then tries to escape.
 *
 * <p>Output lines: {@code REPORT <json>}, {@code ENTERED <pid>}, {@code ESCAPE <name> blocked|ESCAPED
 * <detail>}, {@code AFTER-ENTER} (only ever printed when enter() returned), {@code DONE}; on a
 * refused entry {@code REFUSED <exception class> <message>} and exit status 3.
 */
public final class EnterChild {
    private EnterChild() {
    }

    /**
     * Starts a thread that waits, spinning, until the chroot has happened ({@code /proc} is gone),
     * then makes the given call fail on itself alone: the next glibc set*id broadcast of that call
     * then gets different results from different threads. Spec: {@code NAME:ERRNO:ARG0}.
     */
    private static void startDisagreeingThread(String spec) throws Exception {
        Runnable install = FaultFilter.prepare(spec, false);
        java.io.File proc = new java.io.File("/proc/self/status");
        CountDownLatch started = new CountDownLatch(1);
        Thread odd = new Thread(() -> {
            started.countDown();
            while (proc.exists()) {
                Thread.onSpinWait();
            }
            install.run();
            while (true) { // stay alive: an exited thread cannot disagree
                Thread.onSpinWait();
            }
        }, "disagreeing");
        odd.setDaemon(true);
        odd.start();
        started.await();
    }

    /** Starts a thread that changes itself alone with {@code change}, then stays alive. */
    private static void startOddThread(Runnable change) throws InterruptedException {
        CountDownLatch changed = new CountDownLatch(1);
        Thread odd = new Thread(() -> {
            change.run();
            changed.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "odd");
        odd.setDaemon(true);
        odd.start();
        changed.await();
    }

    public static void main(String[] args) throws Exception {
        Path jail = null;
        String user = null;
        boolean closeFds = false;
        boolean mirror = false;
        boolean pause = false;
        boolean noEnter = false;
        boolean rows = false;
        boolean audit = false;
        String[] clearEnvExcept = null;
        boolean useLate = false;
        boolean printEnv = false;
        String resolveAfter = null;
        java.nio.channels.ServerSocketChannel listener = null;
        boolean noDefaultPreload = false;
        List<Runnable> preloads = new ArrayList<>();
        List<Path> insecure = new ArrayList<>();
        String disagree = null;
        String marker = null;
        int threads = 0;
        List<Object> keep = new ArrayList<>();
        List<SyscallRule> allowed = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jail": jail = Path.of(args[++i]); break;
                case "--user": user = args[++i]; break;
                case "--close-fds": closeFds = true; break;
                case "--mirror-class-path": mirror = true; break;
                case "--prepare": Jail.prepare(); break;
                case "--pause": pause = true; break;
                case "--no-enter": noEnter = true; break;
                case "--rows": rows = true; break;
                case "--audit": audit = true; break;
                case "--use-late": useLate = true; break;
                case "--print-env": printEnv = true; break;
                case "--resolve-after": resolveAfter = args[++i]; break;
                case "--listen":
                    listener = java.nio.channels.ServerSocketChannel.open();
                    listener.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
                    break;
                case "--no-default-preload": noDefaultPreload = true; break;
                case "--preload-packages": preloads.add(Preload.packages(args[++i].split(","))); break;
                case "--preload-resources": preloads.add(Preload.resources(args[++i].split(","))); break;
                case "--preload-hosts": preloads.add(Preload.hosts(args[++i].split(","))); break;
                case "--insecure-keep": insecure.add(Path.of(args[++i])); break;
                case "--fault": FaultFilter.install(args[++i], true); break;
                case "--disagree": disagree = args[++i]; break;
                case "--odd-thread": {
                    String spec = args[++i];
                    startOddThread(() -> FaultFilter.install(spec, false));
                    break;
                }
                case "--odd-caps": {
                    int cap = Integer.parseInt(args[++i]);
                    startOddThread(() -> FaultFilter.dropEffectiveOnThisThread(cap));
                    break;
                }
                case "--hook":
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("HOOK-RAN")));
                    break;
                case "--marker": marker = args[++i]; break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--open-dir": {
                    DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(args[++i]));
                    keep.add(dir);
                    break;
                }
                case "--open-file": keep.add(new FileOutputStream(args[++i], true)); break;
                case "--open-read": keep.add(new java.io.FileInputStream(args[++i])); break;
                case "--clear-env-except": clearEnvExcept = args[++i].split(","); break;
                case "--allow": allowed.add(SyscallRule.valueOf(args[++i])); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        CountDownLatch never = new CountDownLatch(1);
        if (disagree != null) {
            startDisagreeingThread(disagree);
        }
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "idle-" + t);
            th.setDaemon(true);
            th.start();
        }
        if (noEnter) { // control run: the escape probes must see the host
            escape(marker, keep);
            System.out.println("DONE");
            return;
        }
        Jail plan = Jail.at(jail).dropTo(user);
        if (mirror) {
            plan = plan.mirrorClassPath();
        }
        if (closeFds) {
            plan = plan.closeFds();
        }
        if (clearEnvExcept != null) {
            plan = plan.clearEnvironmentExcept(clearEnvExcept);
        }
        if (audit) {
            plan = plan.audit();
        }
        if (noDefaultPreload) {
            plan = plan.withoutDefaultPreload();
        }
        for (SyscallRule rule : allowed) {
            plan = plan.insecureAllow(rule, "test");
        }
        plan = plan.preload(preloads.toArray(new Runnable[0]));
        for (Path file : insecure) {
            plan = plan.insecureKeepWritable(file, "test");
        }
        Class.forName(Escapes.class.getName()); // loaded from a class directory: must happen before the chroot
        Class.forName(Escapes.Probe.class.getName());
        Class.forName(FeatureRows.class.getName());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        EntryReport report;
        long stopwatch = System.nanoTime();
        try {
            report = plan.enter();
            stopwatch = System.nanoTime() - stopwatch;
        } catch (JailException e) {
            System.out.println("REFUSED " + e.getClass().getSimpleName() + " " + e.getMessage().replace('\n', ' '));
            System.out.flush();
            System.exit(3);
            return;
        }
        System.out.println("AFTER-ENTER");
        System.out.println("REPORT " + report.toJson());
        System.out.println("STOPWATCH " + stopwatch);
        System.out.println("ENTERED " + ProcessHandle.current().pid());
        System.out.flush();
        if (pause) {
            in.readLine();
        }
        if (rows) {
            FeatureRows.runAll(true);
        }
        if (useLate) {
            try {
                Object hello = Class.forName("io.jail4j.late.LateClass").getMethod("hello").invoke(null);
                System.out.println("LATE ok " + hello);
            } catch (Throwable t) {
                System.out.println("LATE FAIL " + t);
            }
        }
        if (printEnv) {
            Native n = Native.get();
            StringBuilder env = new StringBuilder("ENV");
            for (String name : new String[] {"PWD", "HOME", "USER", "LOGNAME", "SHELL", "KEEPME", "DROPME"}) {
                env.append(' ').append(name).append('=').append(n.getenv(name));
            }
            System.out.println(env);
        }
        if (resolveAfter != null) {
            String[] f = resolveAfter.split(":");
            Thread.sleep(Long.parseLong(f[0]) * 1000);
            try {
                System.out.println("RESOLVE ok " + java.net.InetAddress.getByName(f[1]).getHostAddress());
            } catch (java.io.IOException e) {
                System.out.println("RESOLVE FAIL " + e);
            }
        }
        if (listener != null) {
            System.out.println("PORT " + ((java.net.InetSocketAddress) listener.getLocalAddress()).getPort());
            System.out.flush();
            try (java.nio.channels.SocketChannel client = listener.accept()) {
                client.write(java.nio.ByteBuffer.wrap("hello from the jail\n".getBytes(StandardCharsets.US_ASCII)));
            }
            System.out.println("ACCEPTED");
        }
        escape(marker, keep);
        System.out.println("DONE");
        System.out.flush();
    }

    /** Prints every escape probe as an {@code ESCAPE} line, then writes to each kept host file. */
    private static void escape(String marker, List<Object> keep) throws Exception {
        for (Escapes.Probe probe : Escapes.tryAll(marker)) {
            System.out.println("ESCAPE " + probe);
        }
        for (Object o : keep) {
            if (o instanceof FileOutputStream) {
                FileOutputStream out = (FileOutputStream) o;
                boolean wrote;
                try {
                    out.write("written-after-enter\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    wrote = true;
                } catch (java.io.IOException e) {
                    wrote = false;
                }
                System.out.println("KEPT-FILE-WRITE " + (wrote ? "ok" : "failed"));
            }
        }
    }
}
