package io.jail4j.testkit;

import io.jail4j.EntryReport;
import io.jail4j.layout.JailLayout;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link Jailed}. In the test JVM it skips the test's own invocation (and
 * {@code @BeforeEach}/{@code @AfterEach}, and {@code @BeforeAll}/{@code @AfterAll} when registered
 * on the class) and runs the test in a jailed child instead ({@link JailedRun}). In the jailed
 * child ({@link ChildContext} is set) it lets every invocation proceed and resolves the
 * parameters from what {@code enter()} returned.
 */
final class JailedExtension implements InvocationInterceptor, ParameterResolver {
    /**
     * The one line on standard error, once per test JVM, when {@code @Jailed} tests are skipped
     * for want of root: the build's console shows only a count of skipped tests.
     */
    static final String NOT_ROOT_NOTICE = "jail4j: @Jailed tests are skipped in this run: they fork a JVM"
            + " that enters a chroot jail, which needs root; run the tests as root"
            + " (CI=true turns these skips into failures)";

    private static final Set<String> NOTICES = ConcurrentHashMap.newKeySet();

    /** Prints {@code line} on standard error unless this test JVM has printed it already. */
    static void noticeOnce(String line) {
        if (NOTICES.add(line)) {
            System.err.println(line);
        }
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                    ExtensionContext context) throws Throwable {
        runJailed(invocation, call, context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        runJailed(invocation, call, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(Invocation<T> invocation, ReflectiveInvocationContext<Method> call,
                                            ExtensionContext context) throws Throwable {
        if (ChildContext.current() != null) {
            return invocation.proceed();
        }
        invocation.skip();
        throw new ExtensionConfigurationException("@Jailed on " + where(context) + ": @TestFactory methods cannot"
                + " run jailed (their dynamic tests are created and run outside any single test's JVM)");
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                         ExtensionContext context) throws Throwable {
        onlyInside(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                          ExtensionContext context) throws Throwable {
        onlyInside(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                         ExtensionContext context) throws Throwable {
        onlyInside(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                        ExtensionContext context) throws Throwable {
        onlyInside(invocation);
    }

    /**
     * Returns why the jailed child could not run a test with {@code loader}'s classes, naming the
     * artifact to add, or null. The child runs the one test with the JUnit Platform launcher and
     * the Jupiter engine; without the engine it says only "Cannot create Launcher without at least
     * one TestEngine", after the jail was set up.
     */
    static String missingEngine(ClassLoader loader) {
        for (String[] need : new String[][] {
            {"org.junit.jupiter.engine.JupiterTestEngine", "org.junit.jupiter:junit-jupiter-engine"},
            {"org.junit.platform.launcher.core.LauncherFactory", "org.junit.platform:junit-platform-launcher"}}) {
            try {
                Class.forName(need[0], false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return "the jailed child runs the test with " + need[0] + ", which is not on the test class path: add "
                        + need[1] + " (jail-testkit brings it; was it excluded?) as a test dependency";
            }
        }
        return null;
    }

    private static void onlyInside(Invocation<Void> invocation) throws Throwable {
        if (ChildContext.current() != null) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        return type == EntryReport.class || type == ListeningSockets.class
                || type == Path.class && p.isAnnotated(JailRoot.class);
    }

    /** Resolves from the jailed child's context; outside the jail the value is never used: null. */
    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        ChildContext child = ChildContext.current();
        if (child == null) {
            return null;
        }
        Class<?> type = p.getParameter().getType();
        return type == EntryReport.class ? child.report : type == ListeningSockets.class ? child.sockets : child.jail;
    }

    private void runJailed(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                           ExtensionContext context) throws Throwable {
        if (ChildContext.current() != null) {
            invocation.proceed();
            return;
        }
        invocation.skip();
        String where = where(context);
        JailedConfig config = JailedConfig.of(find(context), where);
        for (Parameter p : call.getExecutable().getParameters()) {
            if (p.getType() == ListeningSockets.class && config.listen.isEmpty()) {
                throw config.error("listen = {}", "a ListeningSockets parameter needs at least one port to listen on");
            }
        }
        JailLayout layout = layout(config);
        String missing = missingEngine(JailedExtension.class.getClassLoader());
        if (missing != null) {
            throw new ExtensionConfigurationException("@Jailed on " + where + ": " + missing);
        }
        if (!HostFacts.root()) {
            String why = "@Jailed tests fork a JVM that enters a chroot jail and drops to " + config.user
                    + ": they need root";
            if (HostFacts.ci()) {
                Assertions.fail(why + ", and CI=true is set: a jailed test must run in CI, not be skipped");
            }
            noticeOnce(NOT_ROOT_NOTICE);
            Assumptions.abort(why + " (run the tests as root; CI=true turns this skip into a failure)");
        }
        Optional<Path> jdk = config.jdkHome();
        if (jdk.isEmpty()) {
            String why = "@Jailed(jdk = \"" + config.jdk + "\") on " + where + ": no JDK " + config.jdk
                    + " in " + JdkHomes.JVM_DIR;
            if (HostFacts.ci()) {
                Assertions.fail(why + ", and CI=true is set");
            }
            noticeOnce("jail4j: @Jailed(jdk = \"" + config.jdk + "\") tests are skipped in this run: no JDK "
                    + config.jdk + " in " + JdkHomes.JVM_DIR + " (CI=true turns these skips into failures)");
            Assumptions.abort(why);
        }
        HostFacts.Ids ids;
        try {
            ids = HostFacts.ids(config.user);
        } catch (IOException e) {
            throw config.error("user = \"" + config.user + "\"", "no such user on this host: " + e.getMessage(), e);
        }
        new JailedRun(config, layout, jdk.get(), ids, context.getUniqueId(), config.preload, context).run();
    }

    private static JailLayout layout(JailedConfig config) {
        String attribute = "layout = " + config.layout.getName() + ".class";
        JailLayout layout;
        try {
            Constructor<? extends JailLayoutProvider> make = config.layout.getDeclaredConstructor();
            make.setAccessible(true);
            layout = make.newInstance().layout();
        } catch (InvocationTargetException e) {
            throw config.error(attribute, "its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw config.error(attribute, "cannot create the provider or its layout: " + e, e);
        }
        if (layout == null) {
            throw config.error(attribute, "layout() returned null");
        }
        return layout;
    }

    /** Returns the closest {@code @Jailed}: the method's, else the class's, else an enclosing class's. */
    static Jailed find(ExtensionContext context) {
        Optional<Jailed> found = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, Jailed.class));
        for (Class<?> c = context.getRequiredTestClass(); found.isEmpty() && c != null; c = c.getEnclosingClass()) {
            found = AnnotationSupport.findAnnotation(c, Jailed.class);
        }
        return found.orElseThrow(() -> new ExtensionConfigurationException("@Jailed: the extension is registered on "
                + where(context) + " but no @Jailed annotation was found there"));
    }

    /** Names the test for messages, such as {@code FooTest$Inner.bar(Path, int)}. */
    static String where(ExtensionContext context) {
        Class<?> c = context.getRequiredTestClass();
        String type = c.getName().substring(c.getPackageName().isEmpty() ? 0 : c.getPackageName().length() + 1);
        Optional<Method> m = context.getTestMethod();
        if (m.isEmpty()) {
            return type;
        }
        StringJoiner params = new StringJoiner(", ", "(", ")");
        for (Class<?> p : m.get().getParameterTypes()) {
            params.add(p.getSimpleName());
        }
        return type + "." + m.get().getName() + params;
    }
}
