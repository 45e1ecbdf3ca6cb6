/*
 * name_oracle: how the real libwrap names a connected client (sock_host, sock_hostname) and
 * decides it, for ReverseNameDifferentialRootTest. Run in a private mount namespace whose
 * /etc/hosts and /etc/nsswitch.conf the test chose.
 *
 * usage: name_oracle ALLOW DENY CLIENT_ADDR...
 * For each address: connects from it to a listener on 127.0.0.1, then prints zero or more
 * "log<TAB>text" lines (what libwrap sends to syslog) and "result<TAB>ADDR<TAB>NAME<TAB>ALLOW|DENY".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>
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

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: name_oracle ALLOW DENY CLIENT_ADDR...\n"); return 2; }
    hosts_allow_table = argv[1];
    hosts_deny_table = argv[2];
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in at = {0};
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof at;
    if (bind(listener, (struct sockaddr *) &at, sizeof at) < 0 || listen(listener, 8) < 0
            || getsockname(listener, (struct sockaddr *) &at, &len) < 0) { perror("listen"); return 1; }
    for (int i = 3; i < argc; i++) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in from = {0};
        from.sin_family = AF_INET;
        inet_pton(AF_INET, argv[i], &from.sin_addr);
        if (bind(c, (struct sockaddr *) &from, sizeof from) < 0 || connect(c, (struct sockaddr *) &at, sizeof at) < 0) {
            perror(argv[i]);
            return 1;
        }
        int fd = accept(listener, NULL, NULL);
        struct request_info req;
        dry_run = 1;
        resident = -1;
        request_init(&req, RQ_DAEMON, "sshd", RQ_FILE, fd, 0);
        fromhost(&req);
        int verdict = hosts_access(&req);
        printf("result\t%s\t%s\t%s\n", argv[i], eval_hostname(req.client), verdict ? "ALLOW" : "DENY");
        fflush(stdout);
        close(fd);
        close(c);
    }
    return 0;
}
