package io.jail4j.tcpd;

/**
 * Carries out an option that jail4j does not run by itself because it would start a shell
 * ({@code spawn}, {@code twist}, {@code aclexec}) or change the whole process ({@code user},
 * {@code group}, {@code umask}, {@code nice}, {@code setenv}). A rule file using such an option
 * loads only when a handler is registered for it ({@link HostsAccess.Builder#handle}).
 *
 * <p>The handler runs while {@link HostsAccess#check(Request)} processes the options of the rule
 * that matched, in their order. For {@code spawn}, {@code twist}, {@code aclexec} and
 * {@code setenv} the value has had its {@code %} expansions applied (characters a shell could
 * misread replaced by {@code _}). A handler for {@code twist} takes over the connection: the
 * decision is then {@link Decision#delegated() delegated} and not allowed.
 */
@FunctionalInterface
public interface OptionHandler {
    /**
     * Carries out {@code option} (lower case) with its {@code value} ({@code null} when the
     * option has none) for {@code request}.
     *
     * @param option the option's name in lower case: {@code spawn}, {@code twist},
     *     {@code aclexec}, {@code user}, {@code group}, {@code umask}, {@code nice} or
     *     {@code setenv}, whichever this handler was registered for
     * @param value the option's value with white space trimmed at both ends, its bytes decoded
     *     as UTF-8; for {@code spawn}, {@code twist}, {@code aclexec} and {@code setenv} after
     *     {@code %} expansion; for {@code umask} and {@code nice} already checked to be a number
     *     as libwrap checks it; {@code null} only for {@code nice} written without a value
     * @param request the request being checked, as given to {@link HostsAccess#check(Request)}
     * @return {@code true} if the option took effect; {@code false} if it failed, which makes an
     *     {@code aclexec} rule not match (libwrap: a non-zero exit status) and any other option
     *     deny access (libwrap: an option error). A thrown runtime exception counts as
     *     {@code false}, its message being the error shown in {@link Decision#explanation()}
     *     (libwrap's words are, for example, {@code unknown user: "name"}).
     */
    boolean handle(String option, String value, Request request);
}
