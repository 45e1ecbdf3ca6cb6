/*
 * A tiny statically linked program the root tests copy into a jail, so that a jailed JVM can
 * start a process (ProcessBuilder) and so that a single-threaded process inside the jail can try
 * what a multi-threaded JVM cannot (setns into a user namespace requires a single thread).
 *
 *   jail-tool echo                 prints "TOOL uid=N gid=N" and exits 0
 *   jail-tool escape PID DIR FILE  pidfd_open(PID), setns(pidfd, CLONE_NEWUSER), chroot(DIR),
 *                                  chdir("..") many times, chroot("."), then reads FILE;
 *                                  prints "TOOL step rc errno" per step and "TOOL read <text>"
 *                                  if FILE could be read
 *   jail-tool unshare DIR FILE     the same escape through unshare(CLONE_NEWUSER)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long step(const char *name, long rc) {
    printf("TOOL %s %ld %d\n", name, rc, rc < 0 ? errno : 0);
    fflush(stdout);
    return rc;
}

static int climb_and_read(const char *dir, const char *file) {
    if (step("chroot-sub", chroot(dir)) < 0) {
        return 1;
    }
    for (int i = 0; i < 64; i++) {
        if (chdir("..") < 0) {
            break;
        }
    }
    if (step("chroot-dot", chroot(".")) < 0) {
        return 1;
    }
    int fd = open(file, O_RDONLY);
    if (step("open-marker", fd) < 0) {
        return 1;
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = 0;
        buf[strcspn(buf, "\n")] = 0;
        printf("TOOL read %s\n", buf);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "echo") == 0) {
        printf("TOOL uid=%d gid=%d\n", (int) getuid(), (int) getgid());
        return 0;
    }
    if (argc >= 5 && strcmp(argv[1], "escape") == 0) {
        long pidfd = step("pidfd_open", syscall(SYS_pidfd_open, atol(argv[2]), 0));
        if (pidfd < 0) {
            return 1;
        }
        if (step("setns", syscall(SYS_setns, pidfd, CLONE_NEWUSER)) < 0) {
            return 1;
        }
        return climb_and_read(argv[3], argv[4]);
    }
    if (argc >= 4 && strcmp(argv[1], "unshare") == 0) {
        if (step("unshare", syscall(SYS_unshare, CLONE_NEWUSER)) < 0) {
            return 1;
        }
        return climb_and_read(argv[2], argv[3]);
    }
    fprintf(stderr, "usage: jail-tool echo | escape PID DIR FILE | unshare DIR FILE\n");
    return 2;
}
