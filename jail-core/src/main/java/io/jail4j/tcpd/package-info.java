/**
 * TCP wrappers in-process: {@code hosts_access(5)} and {@code hosts_options(5)} decided as
 * Debian's libwrap 7.6.q decides them, from rules read before the chroot.
 *
 * <p>libwrap reads {@code /etc/hosts.allow} and {@code /etc/hosts.deny} at every connection,
 * which cannot work in a chroot jail and costs milliseconds with large files. Here the files are
 * read once into an immutable, indexed {@link io.jail4j.tcpd.HostsAccess}; a
 * {@link io.jail4j.tcpd.Request} (daemon, client name, address and user, server endpoint) is
 * decided in well under a microsecond with a {@link io.jail4j.tcpd.Decision} that names the file
 * and line of the rule, the effects of its options, and a {@code tcpdmatch(8)}-style explanation.
 *
 * <pre>{@code
 * // before Jail.enter():
 * HostsAccess rules = HostsAccess.load(HostsAccess.HOSTS_ALLOW, HostsAccess.HOSTS_DENY);
 * HostsGuard guard = HostsGuard.of("in.fingerd", () -> rules, HostResolver.system());
 * // after: only allowed connections come back
 * Socket client = guard.accept(serverSocket);
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.jail4j.tcpd.HostsAccess}: the rules; what is decided exactly as libwrap,
 *       and the few deliberate differences, all failing closed at load.</li>
 *   <li>{@link io.jail4j.tcpd.HostResolver}: client host names as libwrap finds them (reverse
 *       then forward lookup, {@code paranoid} on mismatch) without glibc's NSS, so it works in
 *       the jail.</li>
 *   <li>{@link io.jail4j.tcpd.HostsGuard}: an accept loop that closes refused connections
 *       unread and logs each one as libwrap does.</li>
 *   <li>{@link io.jail4j.tcpd.ReloadingHostsAccess}: rules that follow changes to their files.</li>
 *   <li>{@link io.jail4j.tcpd.OptionHandler}: the way to accept {@code spawn}, {@code twist},
 *       {@code aclexec}, {@code user}, {@code group}, {@code umask}, {@code nice} and
 *       {@code setenv}, which jail4j does not carry out by itself.</li>
 * </ul>
 *
 * <p>Nothing here prints; the guard and the reloader log through {@link System.Logger}.
 */
package io.jail4j.tcpd;
