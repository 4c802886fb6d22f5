/* HACK: for a service /etc/nsswitch.conf names that is not built into libc
 * ("systemd", "sss", "ldap", "mdns4_minimal", "db", ...), glibc's NSS
 * dlopen()s libnss_<service>.so.2 even in a static executable, and that
 * shared module, which expects the shared libc, crashes (libnss_systemd
 * does, in its first thread-local access: any look-up that misses
 * /etc/passwd, `pwd.getpwnam("nosuch")`, was a segmentation fault).  Every
 * such load goes through glibc's internal __libc_dlopen_mode(), which the
 * link wraps (`-Wl,--wrap=__libc_dlopen_mode`): a libnss_* module is
 * reported as missing, so the switch treats that service as unavailable
 * and goes on to the next, exactly as on a node without the module.  The
 * services built into libc ("files", "dns") work as usual; other loads
 * (iconv's gconv modules) pass through.  The symbol is glibc's private
 * one: with another C library nothing references it and the wrapper is
 * never called.
 *
 * Linked into every slither binary (src/link/link.c) and into the
 * toolchain's own python (src/toolchain/toolchain.c), so this file depends
 * on nothing but libc. */
#include <stddef.h>
#include <string.h>

void *__real___libc_dlopen_mode(const char *name, int mode) __attribute__((weak));
void *__wrap___libc_dlopen_mode(const char *name, int mode);

void *__wrap___libc_dlopen_mode(const char *name, int mode)
{
	if (!__real___libc_dlopen_mode || !strncmp(name, "libnss_", 7))
		return NULL;
	return __real___libc_dlopen_mode(name, mode);
}
