/* Keep the C libraries below Python from reading files at start-up.  A
 * slither binary must start without a single file-system lookup outside
 * /proc/self, and two libraries would otherwise make one on their own:
 * glibc's time-zone code and OpenSSL's configuration loader.  (nss.c keeps
 * static glibc's name-service switch from loading shared modules.) */
#include "runtime/runtime.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/crypto.h>

/* The smallest valid TZif file (RFC 8536, version 2) for UTC: no
 * transitions, one local time type (offset 0, not DST, named "UTC"), and the
 * POSIX TZ string "UTC0" as the footer.  A version-2 file is the version-1
 * header and data, then the same again with 64-bit times (here the same
 * bytes, since there are no times), then the footer. */
#define TZIF_HALF \
	"TZif2" "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" \
	"\0\0\0\0"		/* isutcnt */ \
	"\0\0\0\0"		/* isstdcnt */ \
	"\0\0\0\0"		/* leapcnt */ \
	"\0\0\0\0"		/* timecnt */ \
	"\0\0\0\1"		/* typecnt */ \
	"\0\0\0\4"		/* charcnt */ \
	"\0\0\0\0" "\0" "\0"	/* ttinfo: utoff 0, isdst 0, desigidx 0 */ \
	"UTC\0"
static const char utc_tzif[] = TZIF_HALF TZIF_HALF "\nUTC0\n";

/* Where the TZif file's descriptor is moved to: a number a child process is
 * unlikely to have open itself (see below). */
#define TZ_FD_MIN 100

/* Whether TZ is "/proc/self/fd/N" for a descriptor N that is not open:
 * the value a slither parent set for itself (below), whose close-on-exec
 * descriptor did not survive the exec.  glibc could read nothing there, so
 * treating TZ as unset changes nothing but the zone's name. */
static int inherited_placeholder(const char *tz)
{
	const char *prefix = "/proc/self/fd/", *p;
	long n = 0;

	if (strncmp(tz, prefix, strlen(prefix)))
		return 0;
	for (p = tz + strlen(prefix); *p >= '0' && *p <= '9' && n < 1000000; p++)
		n = n * 10 + (*p - '0');
	if (*p || p == tz + strlen(prefix) || n < TZ_FD_MIN)
		return 0;
	return fcntl((int)n, F_GETFD) < 0;
}

/* HACK: glibc's tzset() opens a file for any value of TZ (unset:
 * /etc/localtime; "UTC0": /usr/share/zoneinfo/UTC0; "": .../Universal), and
 * `import time` calls it.  So when TZ is unset we choose UTC, as a
 * deliberate and documented difference from python3, and hand glibc a UTC
 * TZif file that lives in an anonymous memfd, reached as /proc/self/fd/N:
 * the only kind of path a slither binary may open at start-up.  glibc reads
 * it once; later calls see TZ unchanged and read nothing.  A TZ the user set
 * is left alone.
 *
 * The descriptor is close-on-exec, so a child that inherits TZ finds no
 * such file and glibc falls back to UTC too (it parses "/proc/self/fd/N" as
 * a POSIX TZ string, fails, and uses UTC with an empty abbreviation).  Were
 * descriptor N something else in the child, glibc would open that instead
 * (and reject it unless it is a TZif file); N is moved above TZ_FD_MIN so
 * that this is unlikely.  A child that is itself a slither binary (python
 * -m test's workers, subprocess.run([sys.executable, ...])) recognises the
 * inherited value by its dangling descriptor and makes its own file, so it
 * gets "UTC" as its parent did rather than glibc's nameless fallback. */
static void quiet_timezone(void)
{
	char value[sizeof("/proc/self/fd/") + 3 * sizeof(int)];
	const char *tz = getenv("TZ");
	int fd, high;

	if (tz && !inherited_placeholder(tz))
		return;
	fd = memfd_create("slither-tz", MFD_CLOEXEC);
	if (fd < 0)
		goto fallback;
	if (write(fd, utc_tzif, sizeof(utc_tzif) - 1) != (ssize_t)(sizeof(utc_tzif) - 1)) {
		close(fd);
		goto fallback;
	}
	high = fcntl(fd, F_DUPFD_CLOEXEC, TZ_FD_MIN);
	if (high >= 0) {
		close(fd);
		fd = high;
	}
	snprintf(value, sizeof(value), "/proc/self/fd/%d", fd);
	if (access(value, R_OK) < 0) {
		close(fd);	/* no /proc: an empty chroot, say */
		goto fallback;
	}
	setenv("TZ", value, 1);
	return;

fallback:
	/* No memfd (a kernel older than 3.17, or a seccomp filter) or no
	 * /proc: still UTC, at the price of one failed open of
	 * /usr/share/zoneinfo/UTC0 before glibc parses "UTC0" itself. */
	setenv("TZ", "UTC0", 1);
}

/* OpenSSL 3 reads openssl.cnf the first time anything initialises it (an
 * `import ssl` or `import hashlib` does).  Initialising it first with
 * OPENSSL_INIT_NO_LOAD_CONFIG marks the configuration as loaded for the
 * process, so later initialisations skip it.  A user who sets OPENSSL_CONF
 * asks for a configuration, and gets OpenSSL's usual behaviour. */
static void quiet_openssl(void)
{
	if (getenv("OPENSSL_CONF"))
		return;
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

void sl_quiet_init(void)
{
	quiet_timezone();
	quiet_openssl();
}
