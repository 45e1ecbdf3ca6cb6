/*
 * wrap_oracle: asks the real libwrap (hosts_access) for the differential tests.
 *
 * Reads one request per line on stdin, tab-separated:
 *   ALLOW_FILE DENY_FILE DAEMON SERVER_NAME SERVER_ADDR CLIENT_NAME CLIENT_ADDR USER [SERVER_PORT]
 * (empty fields are unknown) and answers with zero or more "log<TAB>text" lines (what libwrap
 * sends to syslog: warnings, errors, "matched:  FILE line N", "option:   ...") and then one
 * "verdict<TAB>ALLOW|DENY" line.
 *
 * Safe to run: dry_run is set before every request, and every call through which
 * hosts_options(5) could act on the process or start a program (setuid, setgid, setgroups,
 * initgroups, nice, umask, setenv, fork, execl) is replaced by a stub that only records the call.
 * libwrap resolves these names to the definitions below, ahead of libc's.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <tcpd.h>

int allow_severity = LOG_INFO;
int deny_severity = LOG_WARNING;
extern int dry_run;
extern int resident;

static void logv(const char *fmt, va_list ap) {
    char buf[16384];
    vsnprintf(buf, sizeof buf, fmt, ap);
    for (char *p = buf; *p; p++) {
        if (*p == '\n' || *p == '\t') *p = ' ';
    }
    printf("log\t%s\n", buf);
}

void __syslog_chk(int pri, int flag, const char *fmt, ...) { va_list ap; va_start(ap, fmt); logv(fmt, ap); va_end(ap); }
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap) { logv(fmt, ap); }
void syslog(int pri, const char *fmt, ...) { va_list ap; va_start(ap, fmt); logv(fmt, ap); va_end(ap); }
void vsyslog(int pri, const char *fmt, va_list ap) { logv(fmt, ap); }

int setuid(uid_t u) { printf("log\tstub setuid %d\n", (int) u); return 0; }
int setgid(gid_t g) { printf("log\tstub setgid %d\n", (int) g); return 0; }
int setgroups(size_t n, const gid_t *l) { printf("log\tstub setgroups\n"); return 0; }
int initgroups(const char *u, gid_t g) { printf("log\tstub initgroups %s\n", u); return 0; }
int nice(int inc) { printf("log\tstub nice %d\n", inc); return 0; }
mode_t umask(mode_t m) { printf("log\tstub umask %o\n", (unsigned) m); return 022; }
int setenv(const char *n, const char *v, int o) { printf("log\tstub setenv %s\n", n); return 0; }
pid_t fork(void) { printf("log\tstub fork\n"); return -1; }
int execl(const char *p, const char *a, ...) { printf("log\tstub execl %s\n", p); return -1; }

static char *field(char **s) {
    char *f = *s, *t;
    if (f == NULL) return "";
    t = strchr(f, '\t');
    if (t) { *t = 0; *s = t + 1; } else { *s = NULL; }
    return f;
}

int main(void) {
    static char line[1 << 16];
    hosts_access_verbose = 2;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        char *s = line;
        char *allow = field(&s), *deny = field(&s), *daemon = field(&s), *sname = field(&s), *saddr = field(&s),
             *cname = field(&s), *caddr = field(&s), *user = field(&s), *sport = field(&s);
        struct request_info req;
        struct sockaddr_in server;
        hosts_allow_table = allow;
        hosts_deny_table = deny;
        dry_run = 1;
        resident = -1;
        request_init(&req, RQ_DAEMON, daemon, RQ_USER, user, RQ_CLIENT_NAME, cname, RQ_CLIENT_ADDR, caddr,
                     RQ_SERVER_NAME, sname, RQ_SERVER_ADDR, saddr, 0);
        if (*sport) {
            memset(&server, 0, sizeof server);
            server.sin_family = AF_INET;
            server.sin_port = htons((unsigned short) atoi(sport));
            request_set(&req, RQ_SERVER_SIN, &server, 0);
        }
        int verdict = hosts_access(&req);
        printf("verdict\t%s\n", verdict ? "ALLOW" : "DENY");
        fflush(stdout);
    }
    return 0;
}
