/*
 * wrap_bench: times libwrap's hosts_ctl for "jail4j tcpd-bench".
 * usage: wrap_bench ALLOW DENY QUERIES CALLS
 * QUERIES holds "daemon name address user" lines ('-' for empty); the queries are asked in turn
 * until CALLS calls were made. Prints "calls=N allowed=K ns=T". libwrap reads both files at
 * every call, as it does in a daemon. dry_run is set: no option can run a command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <tcpd.h>

int allow_severity = LOG_INFO;
int deny_severity = LOG_WARNING;
extern int dry_run;

static char *f(char *s) { return strcmp(s, "-") == 0 ? "" : s; }

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: wrap_bench ALLOW DENY QUERIES CALLS\n");
        return 2;
    }
    hosts_allow_table = argv[1];
    hosts_deny_table = argv[2];
    dry_run = 1;
    long calls = atol(argv[4]);
    FILE *q = fopen(argv[3], "r");
    if (q == NULL) { perror(argv[3]); return 1; }
    static char d[4096][64], n[4096][128], a[4096][64], u[4096][64];
    int count = 0;
    while (count < 4096 && fscanf(q, "%63s %127s %63s %63s", d[count], n[count], a[count], u[count]) == 4) count++;
    fclose(q);
    if (count == 0) { fprintf(stderr, "no queries\n"); return 1; }
    struct timespec t0, t1;
    long allowed = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < calls; i++) {
        int k = (int) (i % count);
        allowed += hosts_ctl(d[k], f(n[k]), f(a[k]), f(u[k]));
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long ns = (long long) (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    printf("calls=%ld allowed=%ld ns=%lld\n", calls, allowed, ns);
    return 0;
}
