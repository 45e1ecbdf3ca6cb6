package io.jail4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.nio.file.Path} parameter of a {@link Jailed} test that receives the jail's
 * directory as the host names it (such as {@code /tmp/jail4j-jailed-123/jail}), the same path as
 * {@code EntryReport.jail()}. Inside the jail that directory is {@code /}: open files by their
 * path inside the jail, and use this one to compare with reports, logs and outside tools.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JailRoot {
}
