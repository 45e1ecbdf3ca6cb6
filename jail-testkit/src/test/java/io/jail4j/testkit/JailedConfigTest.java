package io.jail4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configuration errors name the annotation, the attribute and the test, with or without root. */
class JailedConfigTest {
    static Stream<Arguments> errors() {
        String f = "JailedFixtures$";
        String p = JailedFixtures.class.getName() + "$";
        return Stream.of(
                Arguments.of(JailedFixtures.BadTimeout.class,
                        "@Jailed(timeoutSeconds = 0) on " + f + "BadTimeout.zeroTimeout_run_isRefused()"
                                + ": timeoutSeconds must be 1..86400"),
                Arguments.of(JailedFixtures.RootUser.class,
                        "@Jailed(user = \"root\") on " + f + "RootUser.rootUser_run_isRefused()"
                                + ": root is not a drop target"),
                Arguments.of(JailedFixtures.BadPort.class,
                        "@Jailed(listen = {80, 70000}) on " + f + "BadPort.portOutOfRange_run_isRefused()"
                                + ": port 70000 is outside 0..65535"),
                Arguments.of(JailedFixtures.DuplicatePort.class,
                        "@Jailed(listen = {8080, 0, 0, 8080}) on " + f + "DuplicatePort.portNamedTwice_run_isRefused()"
                                + ": port 8080 is named twice"),
                Arguments.of(JailedFixtures.HostNameAddress.class,
                        "@Jailed(listenAddress = \"localhost\") on " + f + "HostNameAddress.hostNameAsListenAddress_run_isRefused()"
                                + ": expected an IP"
                                + " address literal such as \"127.0.0.1\" or \"::1\" (no name lookup)"),
                Arguments.of(JailedFixtures.ClassPathOption.class,
                        "@Jailed(jvmArgs = {\"-Xmx64m\", \"-cp\", \"/elsewhere\"}) on " + f + "ClassPathOption.classPathInJvmArgs_run_isRefused():"
                                + " the class path is this JVM's; -cp cannot change it"),
                Arguments.of(JailedFixtures.RootGid.class,
                        "@Jailed(user = \"4242:0\") on " + f + "RootGid.rootGid_run_isRefused()"
                                + ": uid 0 and gid 0 are not drop targets"),
                Arguments.of(JailedFixtures.SocketsWithoutListen.class,
                        "@Jailed(listen = {}) on " + f + "SocketsWithoutListen.socketsParameterWithoutListen_run_isRefused(ListeningSockets): a"
                                + " ListeningSockets parameter needs at least one port to listen on"),
                Arguments.of(JailedFixtures.AbsoluteResource.class,
                        "@Jailed(resources = {\"/etc/app.properties\"}) on " + f + "AbsoluteResource.absoluteResource_run_isRefused():"
                                + " \"/etc/app.properties\" is not a class-path resource name (such as"
                                + " \"com/example/app.properties\", without a leading '/')"),
                Arguments.of(JailedFixtures.BadJdk.class,
                        "@Jailed(jdk = \"banana\") on " + f + "BadJdk.unknownJdk_run_isRefused()"
                                + ": expected \"\" (the running JDK), a major"
                                + " version such as \"25\", or the absolute path of a JDK home"),
                Arguments.of(JailedFixtures.BadLayout.class,
                        "@Jailed(layout = " + p + "NoDefaultConstructor.class) on " + f + "BadLayout.layoutWithoutNoArgConstructor_run_isRefused()"
                                + ": it needs"
                                + " a no-argument constructor"),
                Arguments.of(JailedFixtures.BadSetUp.class,
                        "@Jailed(setUp = " + p + "InnerSetUp.class) on " + f + "BadSetUp.innerClassSetUp_run_isRefused()"
                                + ": an inner class cannot"
                                + " be created without its outer instance; make it static"),
                Arguments.of(JailedFixtures.BadInitialize.class,
                        "@Jailed(initialize = {\"com.example.Config\", \"com/example/Config.class\"}) on " + f
                                + "BadInitialize.resourcePathAsClassName_run_isRefused()"
                                + ": \"com/example/Config.class\" is not a binary class name (such as"
                                + " \"com.example.Config\" or \"com.example.Outer$Inner\")"),
                Arguments.of(JailedFixtures.NullLayoutUse.class,
                        "@Jailed(layout = " + p + "NullLayout.class) on " + f + "NullLayoutUse.layoutProviderReturningNull_run_isRefused()"
                                + ": layout()"
                                + " returned null"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void badAttribute_run_failsNamingAnnotationAttributeAndTest(Class<?> fixture, String message) {
        Throwable t = SelfTests.thrown(SelfTests.run(fixture));
        assertInstanceOf(ExtensionConfigurationException.class, t);
        assertEquals(message, t.getMessage());
    }
}
