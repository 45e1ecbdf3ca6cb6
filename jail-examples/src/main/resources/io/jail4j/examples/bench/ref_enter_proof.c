// The C floor for jail4j's irreversible window: the same work Jail.enter() does from its point of
// no return to the end of its proof, in a process holding N extra idle threads (a JVM holds about
// 20). glibc broadcasts each set*id call to every thread, as it does for the JVM.
//
// Timed: fchdir(jail), chroot through the jail's descriptor, chdir("/"), close, root and cwd
// compared with the jail (statx with the mount id), setenv PWD/HOME/USER/LOGNAME, setgroups,
// setresgid, setresuid, prctl(PR_SET_NO_NEW_PRIVS) + the same seccomp program jail4j installs
// (read from FILTER) with TSYNC, then the proof: getresuid/getresgid/getgroups,
// setuid(0)/setgid(0)/seteuid(0)/setgroups([0]) must fail (raw system calls on the calling thread),
// PR_GET_NO_NEW_PRIVS, every thread's /proc/self/task/TID/status (opened before the window)
// re-read and checked: Uid, Gid, Groups, CapPrm, CapEff, CapAmb, NoNewPrivs; every descriptor
// below FDSize checked for a directory; root and cwd compared with the jail again.
//
// usage: ref_enter_proof JAILDIR USER NTHREADS FILTER     (as root; FILTER: struct sock_filter[])
// build: cc -O2 -pthread -o ref_enter_proof ref_enter_proof.c
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *idle(void *a) { (void)a; for (;;) pause(); return 0; }
static double now_us(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
static void die(const char *what) { perror(what); abort(); }

// Returns the value after "Name:" in a status text, or NULL.
static const char *field(const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
    if (strncmp(p, name, n) == 0 && p[n] == ':') return p + n + 1;
  return NULL;
}

struct id { unsigned long long mnt, ino; unsigned major, minor; };

static int same(const struct id *a, const struct id *b) {
  return a->mnt == b->mnt && a->ino == b->ino && a->major == b->major && a->minor == b->minor;
}

static struct id identify(int dirfd, const char *path, int flags) {
  struct statx st; struct id id = {0, 0, 0, 0};
  if (statx(dirfd, path, flags, STATX_INO | STATX_MNT_ID, &st) || !(st.stx_mask & STATX_MNT_ID)) die("statx");
  id.mnt = st.stx_mnt_id; id.ino = st.stx_ino; id.major = st.stx_dev_major; id.minor = st.stx_dev_minor;
  return id;
}

static void where(const struct id *jail) {
  struct id root = identify(AT_FDCWD, "/", 0), cwd = identify(AT_FDCWD, ".", 0);
  if (!same(&root, jail) || !same(&cwd, jail)) abort();
}

static int all_ids(const char *v, unsigned id) {
  for (int i = 0; i < 4; i++) { char *end; unsigned long x = strtoul(v, &end, 10); if (end == v || x != id) return 0; v = end; }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: %s JAIL USER NTHREADS FILTER\n", argv[0]); return 2; }
  int n = atoi(argv[3]);
  for (int i = 0; i < n; i++) { pthread_t t; if (pthread_create(&t, 0, idle, 0)) die("pthread_create"); }
  usleep(20000);
  struct passwd *pw = getpwnam(argv[2]); if (!pw) die("getpwnam");
  gid_t groups[256]; int ng = 256;
  if (getgrouplist(argv[2], pw->pw_gid, groups, &ng) < 0) die("getgrouplist");
  int jail = open(argv[1], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC); if (jail < 0) die("open jail");
  // the thread status files, opened before the window as jail4j does
  int tasks[512], ntasks = 0; DIR *d = opendir("/proc/self/task"); struct dirent *e;
  while ((e = readdir(d)) && ntasks < 512) {
    if (e->d_name[0] == '.') continue;
    char path[300]; snprintf(path, sizeof path, "/proc/self/task/%s/status", e->d_name);
    tasks[ntasks++] = open(path, O_RDONLY | O_CLOEXEC);
  }
  closedir(d);
  static struct sock_filter code[4096];
  int filter = open(argv[4], O_RDONLY | O_CLOEXEC); if (filter < 0) die("open filter");
  ssize_t size = read(filter, code, sizeof code); close(filter);
  if (size <= 0 || size % sizeof code[0]) die("filter size");
  struct sock_fprog prog = { (unsigned short)(size / sizeof code[0]), code };
  struct id jail_id = identify(jail, "", AT_EMPTY_PATH);
  char procfd[64]; snprintf(procfd, sizeof procfd, "/proc/self/fd/%d", jail);
  char buf[16384];

  double t0 = now_us();
  if (fchdir(jail) || chroot(procfd) || chdir("/")) die("chroot");
  close(jail);
  where(&jail_id);
  setenv("PWD", "/", 1); setenv("HOME", "/", 1); setenv("USER", argv[2], 1); setenv("LOGNAME", argv[2], 1);
  if (setgroups(ng, groups) || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) ||
      setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid)) die("drop");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)) die("no_new_privs");
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog)) die("seccomp");
  uid_t r, ef, s; gid_t gr, ge, gs; getresuid(&r, &ef, &s); getresgid(&gr, &ge, &gs);
  if (r != pw->pw_uid || ef != r || s != r || gr != pw->pw_gid || ge != gr || gs != gr) abort();
  gid_t now[256]; int nn = getgroups(256, now); if (nn != ng) abort();
  // regain probes as raw system calls on this thread, as jail4j makes them
  gid_t root = 0;
  if (syscall(SYS_setuid, 0) == 0 || syscall(SYS_setgid, 0) == 0 || syscall(SYS_setresuid, -1, 0, -1) == 0 ||
      syscall(SYS_setgroups, 1, &root) == 0) abort();
  if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) abort();
  int fdsize = 0;
  for (int i = 0; i < ntasks; i++) {
    ssize_t len = pread(tasks[i], buf, sizeof buf - 1, 0); if (len <= 0) continue;
    buf[len] = 0;
    const char *v;
    if (!(v = field(buf, "Uid")) || !all_ids(v, pw->pw_uid)) abort();
    if (!(v = field(buf, "Gid")) || !all_ids(v, pw->pw_gid)) abort();
    if (!(v = field(buf, "Groups"))) abort();
    int count = 0; char *end; for (;;) { unsigned long g = strtoul(v, &end, 10); if (end == v) break; count++; v = end; (void)g; }
    if (count != ng) abort();
    const char *caps[] = {"CapPrm", "CapEff", "CapAmb"};
    for (int c = 0; c < 3; c++) if (!(v = field(buf, caps[c])) || strtoull(v, 0, 16) != 0) abort();
    if (!(v = field(buf, "NoNewPrivs")) || atoi(v) != 1) abort();
    if (!fdsize && (v = field(buf, "FDSize"))) fdsize = atoi(v);
    close(tasks[i]);
  }
  for (int fd = 0; fd < fdsize; fd++) {
    struct statx st;
    if (statx(fd, "", AT_EMPTY_PATH, STATX_TYPE, &st) == 0 && S_ISDIR(st.stx_mode)) abort();
  }
  where(&jail_id);
  double t1 = now_us();
  printf("threads=%d tasks=%d irreversible_us=%.1f\n", n, ntasks, t1 - t0);
  return 0;
}
