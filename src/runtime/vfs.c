/* The embedded tree as a read-only file tree for all code in the process:
 * reading, stat, access, directories (as streams and as descriptors),
 * realpath, readlink, and EROFS for writes (README "The embedded tree as
 * files" names what is not covered: chdir into the tree, statx, ...).
 *
 * The link wraps the C library's file entry points (-Wl,--wrap=SYM; link.c
 * adds one for each __wrap_SYM a runtime object defines).  A path under
 * the archive's root is answered from the archive in memory, with no
 * system call that names a path: a file opened for reading is a memfd
 * holding its bytes (so read, seek, mmap and fstat work as on any file); a
 * directory is a DIR of our own, and as a descriptor a memfd that says
 * which directory it is (see "Directories as descriptors"); writing gives
 * EROFS and a missing name ENOENT, as a read-only file system would.
 * Every other path goes to the real call unchanged, at the cost of one
 * prefix comparison.
 *
 * The tree: every entry's virtual path (a module's .py file, a package's
 * __init__.py, a data file, an extension's .so, a namespace package's
 * directory) and every directory above one, sorted, built on the first
 * call that names a path under the root (never at start-up). */
#include "runtime/runtime.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

struct node {
	char *path;	/* NUL-terminated, no trailing '/' */
	size_t len;
	long entry;	/* the archive entry, or -1 for a directory */
};

static struct node *nodes;
static size_t n_nodes;
static int tree_state;	/* 0 not built, 1 built, -1 could not be built */
/* Python releases the GIL around file calls, so two threads may be here
 * at once: the tree is built once (pthread_once), and the table of open
 * directories is changed under a lock. */
static pthread_once_t tree_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t vdirs_lock = PTHREAD_MUTEX_INITIALIZER;

/* Is `p` the root or under it?  (Plain bytes: no Python here.) */
static int under_root(const char *p)
{
	const struct sl_archive *a = &sl_runtime_archive;

	return p && a->root_len && !strncmp(p, a->root, a->root_len) &&
	       (p[a->root_len] == '\0' || p[a->root_len] == '/');
}

/* Paths in the order of their components: '/' sorts before every other
 * byte, so that everything under "DIR/" follows DIR at once, before a
 * sibling such as "DIR-1.0.dist-info" ('-' is below '/' in bytes) --
 * readdir takes a directory's nodes as the run that follows it. */
static int node_cmp(const void *x, const void *y)
{
	const struct node *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len, i;

	for (i = 0; i < n; i++) {
		unsigned char ca = (unsigned char)a->path[i], cb = (unsigned char)b->path[i];
		if (ca != cb)
			return ca == '/' ? -1 : cb == '/' ? 1 : ca - cb;
	}
	return (a->len > b->len) - (a->len < b->len);
}

static int add(const char *path, size_t len, long entry, size_t *cap)
{
	if (n_nodes == *cap) {
		size_t ncap = *cap ? 2 * *cap : 1024;
		struct node *nn = realloc(nodes, ncap * sizeof(*nodes));
		if (!nn)
			return -1;
		nodes = nn;
		*cap = ncap;
	}
	nodes[n_nodes].path = strndup(path, len);
	if (!nodes[n_nodes].path)
		return -1;
	nodes[n_nodes].len = len;
	nodes[n_nodes++].entry = entry;
	return 0;
}

static void build_once(void)
{
	const struct sl_archive *a = &sl_runtime_archive;
	size_t cap = 0, i, k;
	uint32_t e;

	tree_state = -1;
	if (add(a->root, a->root_len, -1, &cap) < 0)
		return;
	for (e = 0; e < a->count; e++) {
		struct sl_entry en;
		size_t len;

		sl_archive_get(a, e, &en);
		if (!en.path_len || !under_root(en.path))
			continue;
		len = en.path_len;
		if (add(en.path, len, en.kind == SL_KIND_NAMESPACE ? -1 : (long)e, &cap) < 0)
			return;
		/* the directories above it */
		while (len > a->root_len) {
			while (len > a->root_len && en.path[len - 1] != '/')
				len--;
			if (len <= a->root_len + 1)
				break;
			len--;
			if (add(en.path, len, -1, &cap) < 0)
				return;
		}
	}
	qsort(nodes, n_nodes, sizeof(*nodes), node_cmp);
	/* one node per path: a file wins over the directory of the same name */
	for (i = k = 0; i < n_nodes; i++) {
		if (k && nodes[k - 1].len == nodes[i].len &&
		    !memcmp(nodes[k - 1].path, nodes[i].path, nodes[i].len)) {
			if (nodes[k - 1].entry < 0)
				nodes[k - 1].entry = nodes[i].entry;
			free(nodes[i].path);
			continue;
		}
		nodes[k++] = nodes[i];
	}
	n_nodes = k;
	tree_state = 1;
}

static int build_tree(void)
{
	pthread_once(&tree_once, build_once);
	return tree_state > 0 ? 0 : -1;
}

/* `path` made canonical in `out` (at most PATH_MAX): no "//", ".", "..";
 * 0, or -1 with errno. */
static int canonical(const char *path, char *out, size_t size)
{
	size_t n = 0;
	const char *p = path;

	while (*p) {
		const char *q;
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		q = strchr(p, '/');
		len = q ? (size_t)(q - p) : strlen(p);
		if (len == 1 && p[0] == '.') {
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			if (n + 1 + len + 1 > size) {
				errno = ENAMETOOLONG;
				return -1;
			}
			out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

/* The node at `path` (under the root), or NULL with errno ENOENT. */
static const struct node *lookup(const char *path)
{
	char buf[4096];
	struct node key, *found;

	if (build_tree() < 0) {
		errno = ENOMEM;
		return NULL;
	}
	if (canonical(path, buf, sizeof(buf)) < 0)
		return NULL;
	key.path = buf;
	key.len = strlen(buf);
	found = bsearch(&key, nodes, n_nodes, sizeof(*nodes), node_cmp);
	if (!found)
		errno = ENOENT;
	return found;
}

/* The bytes of file node `n`: a module's source, a data file's bytes; an
 * extension's file has none here (it is linked in). */
static void node_bytes(const struct node *n, const unsigned char **p, size_t *len)
{
	struct sl_entry e;

	*p = NULL;
	*len = 0;
	sl_archive_get(&sl_runtime_archive, (uint32_t)n->entry, &e);
	if (e.kind == SL_KIND_DATA) {
		*p = e.code;
		*len = e.code_len;
	} else if (e.kind == SL_KIND_MODULE || e.kind == SL_KIND_PACKAGE) {
		*p = e.src;
		*len = e.src_len;
	}
}

static void fill_stat(const struct node *n, struct stat *st)
{
	const unsigned char *p;
	size_t len = 0;

	memset(st, 0, sizeof(*st));
	st->st_dev = 0x736c;	/* "sl": a device of its own */
	st->st_ino = (ino_t)(n - nodes) + 1;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	if (n->entry < 0) {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
	} else {
		node_bytes(n, &p, &len);
		st->st_mode = S_IFREG | 0444;
		st->st_size = (off_t)len;
		st->st_blocks = (blkcnt_t)((len + 511) / 512);
	}
}

/* A new file descriptor reading the bytes of file node `n`. */
static int open_node(const struct node *n, const char *path)
{
	const unsigned char *p;
	size_t len, done = 0;
	int fd;

	node_bytes(n, &p, &len);
	fd = memfd_create("slither", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	/* read-only, as the file system it stands for */
	fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL);
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Is the node at `path` (which exists) a file, not a directory? */
static int is_file(const char *path)
{
	const struct node *n = lookup(path);

	return n && n->entry >= 0;
}

/* The directory that holds node `n` (the root holds itself). */
static const struct node *parent_node(const struct node *n)
{
	struct node key, *found;
	size_t len = n->len;

	while (len > sl_runtime_archive.root_len && n->path[len - 1] != '/')
		len--;
	if (len <= sl_runtime_archive.root_len + 1)
		return nodes;	/* the root sorts first: it is a prefix of all */
	key.path = n->path;
	key.len = len - 1;
	found = bsearch(&key, nodes, n_nodes, sizeof(*nodes), node_cmp);
	return found ? found : n;
}

/* The errno of a call that would change `path` under the root: EROFS for
 * what exists; for what does not, ENOENT, except that creating a name in
 * a directory that exists is EROFS (mkdir, open with O_CREAT).  A real
 * read-only mount says EROFS for unlink of a missing name too; ENOENT is
 * what clean-up code that removes maybe-missing files expects of an
 * installed package's directory (CPython's test.support does). */
static int rofs(const char *path, int creating)
{
	char parent[4096];
	size_t n;

	if (lookup(path)) {
		errno = EROFS;
		return -1;
	}
	if (!creating || canonical(path, parent, sizeof(parent)) < 0) {
		errno = ENOENT;
		return -1;
	}
	n = strlen(parent);
	while (n > 1 && parent[n - 1] != '/')
		n--;
	parent[n > 1 ? n - 1 : 1] = '\0';
	errno = under_root(parent) && lookup(parent) && !is_file(parent) ? EROFS : ENOENT;
	return -1;
}

int __real_fstat(int fd, struct stat *st);
int __real_fstat64(int fd, struct stat *st);
int __wrap_fstat(int fd, struct stat *st);
int __wrap_fstat64(int fd, struct stat *st);

/* Directories as descriptors (os.open(dir), os.scandir(fd), os.fwalk,
 * openat and fstatat relative to one).  The descriptor must be a real
 * one, which dup, fcntl(F_DUPFD), fork, select and close treat as any
 * other: it is a sealed memfd whose bytes say which directory it stands
 * for (DIRFD_MAGIC and the node's index), its offset left at the end (a
 * read gives nothing; code that bypasses us, a raw getdents64, fchdir or
 * an openat inside the C library, gets ENOTDIR, as from a regular file).
 * The descriptor describes itself, so nothing is kept per descriptor: a
 * duplicate (CPython's listdir(fd) is fdopendir(dup(fd))) is recognised
 * as the original, and a number that close() freed and open() reused for
 * another file no longer reads as ours.  A table of descriptor numbers
 * would need close, dup, dup2, dup3 and fcntl wrapped to stay true.
 *
 * Recognising one costs the real fstat, which fstat makes anyway, and a
 * pread only for a memfd of exactly that size.  Calls relative to a
 * descriptor (openat, fstatat, ... with a relative path) pay one fstat,
 * and only once a tree directory has been opened as a descriptor in this
 * process (dirfds_made); until then they cost a comparison. */
#define DIRFD_MAGIC "\177slither dir fd"
struct dirfd_bytes {
	char magic[sizeof(DIRFD_MAGIC)];
	uint64_t node;
};

static int dirfds_made;	/* a tree directory was opened as a descriptor */
static dev_t memfd_dev;	/* the device of memfds, read when it was */

/* A new descriptor standing for directory node `n`. */
static int open_dir_node(const struct node *n, int flags)
{
	struct dirfd_bytes b;
	struct stat st;
	int fd, e;

	fd = memfd_create("slither-dir", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -1;
	memset(&b, 0, sizeof(b));
	memcpy(b.magic, DIRFD_MAGIC, sizeof(b.magic));
	b.node = (uint64_t)(n - nodes);
	if (write(fd, &b, sizeof(b)) != (ssize_t)sizeof(b) ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) < 0 ||
	    __real_fstat64(fd, &st) < 0 ||
	    (!(flags & O_CLOEXEC) && fcntl(fd, F_SETFD, 0) < 0)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!__atomic_load_n(&dirfds_made, __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&memfd_dev, st.st_dev, __ATOMIC_RELAXED);
		__atomic_store_n(&dirfds_made, 1, __ATOMIC_RELEASE);
	}
	return fd;
}

/* The directory node that descriptor `fd` stands for, or NULL when it is
 * not a tree directory's; `st` is fd's real fstat, or NULL to make it. */
static const struct node *dir_node(int fd, const struct stat *st)
{
	struct dirfd_bytes b;
	struct stat own;

	if (!__atomic_load_n(&dirfds_made, __ATOMIC_ACQUIRE) || fd < 0)
		return NULL;
	if (!st) {
		if (__real_fstat64(fd, &own) < 0)
			return NULL;
		st = &own;
	}
	if (!S_ISREG(st->st_mode) || st->st_size != (off_t)sizeof(b) ||
	    st->st_dev != __atomic_load_n(&memfd_dev, __ATOMIC_RELAXED))
		return NULL;
	if (pread(fd, &b, sizeof(b), 0) != (ssize_t)sizeof(b) ||
	    memcmp(b.magic, DIRFD_MAGIC, sizeof(b.magic)) || build_tree() < 0 ||
	    b.node >= n_nodes || nodes[b.node].entry >= 0)
		return NULL;
	return &nodes[b.node];
}

/* fstat and fstat64, by their `real` call: a tree directory's
 * descriptor has the directory's stat. */
static int vfstat(int (*real)(int, struct stat *), int fd, struct stat *st)
{
	const struct node *n;

	if (real(fd, st) < 0)
		return -1;
	if ((n = dir_node(fd, st)))
		fill_stat(n, st);
	return 0;
}

int __wrap_fstat64(int fd, struct stat *st)
{
	return vfstat(__real_fstat64, fd, st);
}

int __wrap_fstat(int fd, struct stat *st)
{
	return vfstat(__real_fstat, fd, st);
}

/* The path that `path` relative to descriptor *dirfd names: `path`
 * itself, unless *dirfd is a tree directory's descriptor and `path` is
 * relative; then the canonical absolute path, made in `buf` (outside the
 * root again after enough ".."), and *dirfd becomes AT_FDCWD.  NULL with
 * errno for no path (EFAULT), an empty one (ENOENT; with AT_EMPTY_PATH
 * in `flags`, the directory itself) or one too long. */
static const char *at_path(int *dirfd, const char *path, int flags, char *buf, size_t size)
{
	const struct node *n;
	char joined[4096];
	int len;

	if (!path) {
		errno = EFAULT;
		return NULL;
	}
	if (path[0] == '/' || *dirfd == AT_FDCWD ||
	    !__atomic_load_n(&dirfds_made, __ATOMIC_RELAXED) || !(n = dir_node(*dirfd, NULL)))
		return path;
	if (!path[0] && !(flags & AT_EMPTY_PATH)) {
		errno = ENOENT;
		return NULL;
	}
	len = snprintf(joined, sizeof(joined), "%s/%s", n->path, path);
	if (len < 0 || (size_t)len >= sizeof(joined)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if (canonical(joined, buf, size) < 0)
		return NULL;
	*dirfd = AT_FDCWD;
	return buf;
}

/* open(2) of a path under the root. */
static int vopen(const char *path, int flags)
{
	const struct node *n;
	int fd;

	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) ||
	    (flags & O_TMPFILE) == O_TMPFILE) {
		n = lookup(path);
		if (n && n->entry < 0 && (flags & O_ACCMODE) != O_RDONLY) {
			errno = EISDIR;
			return -1;
		}
		return rofs(path, (flags & O_CREAT) != 0);
	}
	n = lookup(path);
	if (!n)
		return -1;
	if (n->entry < 0)
		return open_dir_node(n, flags);
	if (flags & O_DIRECTORY) {
		errno = ENOTDIR;
		return -1;
	}
	fd = open_node(n, path);
	if (fd >= 0 && !(flags & O_CLOEXEC))
		fcntl(fd, F_SETFD, 0);
	return fd;
}

int __real_open(const char *path, int flags, ...);
int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
int __real_open64(const char *path, int flags, ...);
int __real_openat64(int dirfd, const char *path, int flags, ...);
int __wrap_open64(const char *path, int flags, ...);
int __wrap_openat64(int dirfd, const char *path, int flags, ...);

/* The mode argument, present only with O_CREAT or O_TMPFILE (whose bits
 * include O_DIRECTORY's: glibc's __OPEN_NEEDS_MODE). */
static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int __wrap_open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (under_root(path))
		return vopen(path, flags);
	return __real_open64(path, flags, mode);
}

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (under_root(path))
		return vopen(path, flags);
	return __real_open(path, flags, mode);
}

/* openat and openat64, by their `real` call. */
static int vopenat(int (*real)(int, const char *, int, ...), int dirfd, const char *path,
		   int flags, mode_t mode)
{
	char buf[4096];

	if (!(path = at_path(&dirfd, path, 0, buf, sizeof(buf))))
		return -1;
	if (path[0] == '/' && under_root(path))
		return vopen(path, flags);
	return real(dirfd, path, flags, mode);
}

int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return vopenat(__real_openat, dirfd, path, flags, mode);
}

int __wrap_openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return vopenat(__real_openat64, dirfd, path, flags, mode);
}

int __real_stat(const char *path, struct stat *st);
int __real_lstat(const char *path, struct stat *st);
int __real_fstatat(int dirfd, const char *path, struct stat *st, int flags);
int __wrap_stat(const char *path, struct stat *st);
int __wrap_lstat(const char *path, struct stat *st);
int __wrap_fstatat(int dirfd, const char *path, struct stat *st, int flags);
int __real_stat64(const char *path, struct stat *st);
int __real_lstat64(const char *path, struct stat *st);
int __real_fstatat64(int dirfd, const char *path, struct stat *st, int flags);
int __wrap_stat64(const char *path, struct stat *st);
int __wrap_lstat64(const char *path, struct stat *st);
int __wrap_fstatat64(int dirfd, const char *path, struct stat *st, int flags);

static int vstat(const char *path, struct stat *st)
{
	const struct node *n = lookup(path);

	if (!n)
		return -1;
	fill_stat(n, st);
	return 0;
}

int __wrap_stat64(const char *path, struct stat *st)
{
	return under_root(path) ? vstat(path, st) : __real_stat64(path, st);
}

int __wrap_lstat64(const char *path, struct stat *st)
{
	return under_root(path) ? vstat(path, st) : __real_lstat64(path, st);
}

/* fstatat and fstatat64, by their `real` call. */
static int vfstatat(int (*real)(int, const char *, struct stat *, int), int dirfd,
		    const char *path, struct stat *st, int flags)
{
	char buf[4096];

	if (!(path = at_path(&dirfd, path, flags, buf, sizeof(buf))))
		return -1;
	if (path[0] == '/' && under_root(path))
		return vstat(path, st);
	return real(dirfd, path, st, flags);
}

int __wrap_fstatat64(int dirfd, const char *path, struct stat *st, int flags)
{
	return vfstatat(__real_fstatat64, dirfd, path, st, flags);
}

int __wrap_stat(const char *path, struct stat *st)
{
	return under_root(path) ? vstat(path, st) : __real_stat(path, st);
}

int __wrap_lstat(const char *path, struct stat *st)
{
	return under_root(path) ? vstat(path, st) : __real_lstat(path, st);
}

int __wrap_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return vfstatat(__real_fstatat, dirfd, path, st, flags);
}

int __real_access(const char *path, int mode);
int __real_faccessat(int dirfd, const char *path, int mode, int flags);
int __wrap_access(const char *path, int mode);
int __wrap_faccessat(int dirfd, const char *path, int mode, int flags);

static int vaccess(const char *path, int mode)
{
	const struct node *n = lookup(path);

	if (!n)
		return -1;
	if (mode & W_OK) {
		errno = EROFS;
		return -1;
	}
	if ((mode & X_OK) && n->entry >= 0) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

int __wrap_access(const char *path, int mode)
{
	return under_root(path) ? vaccess(path, mode) : __real_access(path, mode);
}

int __wrap_faccessat(int dirfd, const char *path, int mode, int flags)
{
	char buf[4096];

	if (!(path = at_path(&dirfd, path, flags, buf, sizeof(buf))))
		return -1;
	if (path[0] == '/' && under_root(path))
		return vaccess(path, mode);
	return __real_faccessat(dirfd, path, mode, flags);
}

ssize_t __real_readlink(const char *path, char *buf, size_t size);
ssize_t __real_readlinkat(int dirfd, const char *path, char *buf, size_t size);
ssize_t __wrap_readlink(const char *path, char *buf, size_t size);
ssize_t __wrap_readlinkat(int dirfd, const char *path, char *buf, size_t size);

/* readlink(2) of a path under the root: the tree has no symbolic links. */
static ssize_t vreadlink(const char *path)
{
	if (lookup(path))
		errno = EINVAL;
	return -1;
}

ssize_t __wrap_readlink(const char *path, char *buf, size_t size)
{
	return under_root(path) ? vreadlink(path) : __real_readlink(path, buf, size);
}

ssize_t __wrap_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	char tmp[4096];

	if (!(path = at_path(&dirfd, path, AT_EMPTY_PATH, tmp, sizeof(tmp))))
		return -1;
	if (path[0] == '/' && under_root(path))
		return vreadlink(path);
	return __real_readlinkat(dirfd, path, buf, size);
}

ssize_t __real_listxattr(const char *path, char *list, size_t size);
ssize_t __real_llistxattr(const char *path, char *list, size_t size);
ssize_t __real_getxattr(const char *path, const char *name, void *value, size_t size);
ssize_t __real_lgetxattr(const char *path, const char *name, void *value, size_t size);
int __real_setxattr(const char *path, const char *name, const void *value, size_t size,
		    int flags);
int __real_lsetxattr(const char *path, const char *name, const void *value, size_t size,
		     int flags);
int __real_removexattr(const char *path, const char *name);
int __real_lremovexattr(const char *path, const char *name);
ssize_t __wrap_listxattr(const char *path, char *list, size_t size);
ssize_t __wrap_llistxattr(const char *path, char *list, size_t size);
ssize_t __wrap_getxattr(const char *path, const char *name, void *value, size_t size);
ssize_t __wrap_lgetxattr(const char *path, const char *name, void *value, size_t size);
int __wrap_setxattr(const char *path, const char *name, const void *value, size_t size,
		    int flags);
int __wrap_lsetxattr(const char *path, const char *name, const void *value, size_t size,
		     int flags);
int __wrap_removexattr(const char *path, const char *name);
int __wrap_lremovexattr(const char *path, const char *name);

/* Extended attributes: the tree has none (an empty list; ENODATA for a
 * name) and takes none (EROFS).  shutil.copy2 and copytree list a
 * source's attributes, and stop at any error but "none" or "not
 * supported". */
static ssize_t vlistxattr(const char *path)
{
	return lookup(path) ? 0 : -1;
}

static ssize_t vgetxattr(const char *path)
{
	if (lookup(path))
		errno = ENODATA;
	return -1;
}

ssize_t __wrap_listxattr(const char *path, char *list, size_t size)
{
	return under_root(path) ? vlistxattr(path) : __real_listxattr(path, list, size);
}

ssize_t __wrap_llistxattr(const char *path, char *list, size_t size)
{
	return under_root(path) ? vlistxattr(path) : __real_llistxattr(path, list, size);
}

ssize_t __wrap_getxattr(const char *path, const char *name, void *value, size_t size)
{
	return under_root(path) ? vgetxattr(path) : __real_getxattr(path, name, value, size);
}

ssize_t __wrap_lgetxattr(const char *path, const char *name, void *value, size_t size)
{
	return under_root(path) ? vgetxattr(path) : __real_lgetxattr(path, name, value, size);
}

int __wrap_setxattr(const char *path, const char *name, const void *value, size_t size,
		    int flags)
{
	return under_root(path) ? rofs(path, 0) : __real_setxattr(path, name, value, size, flags);
}

int __wrap_lsetxattr(const char *path, const char *name, const void *value, size_t size,
		     int flags)
{
	return under_root(path) ? rofs(path, 0) : __real_lsetxattr(path, name, value, size, flags);
}

int __wrap_removexattr(const char *path, const char *name)
{
	return under_root(path) ? rofs(path, 0) : __real_removexattr(path, name);
}

int __wrap_lremovexattr(const char *path, const char *name)
{
	return under_root(path) ? rofs(path, 0) : __real_lremovexattr(path, name);
}

int __real_chdir(const char *path);
int __real_fchdir(int fd);
int __wrap_chdir(const char *path);
int __wrap_fchdir(int fd);

/* The tree cannot be the working directory: every relative path, in
 * every call (wrapped or not: getcwd, exec, dlopen, a child process's
 * start), would then have to be resolved against a directory that the
 * kernel does not know.  chdir and fchdir into it fail with EOPNOTSUPP,
 * with no system call. */
int __wrap_chdir(const char *path)
{
	const struct node *n;

	if (!under_root(path))
		return __real_chdir(path);
	if (!(n = lookup(path)))
		return -1;
	errno = n->entry < 0 ? EOPNOTSUPP : ENOTDIR;
	return -1;
}

int __wrap_fchdir(int fd)
{
	if (!dir_node(fd, NULL))
		return __real_fchdir(fd);
	errno = EOPNOTSUPP;
	return -1;
}

int __real_mkdir(const char *path, mode_t mode);
int __real_mkdirat(int dirfd, const char *path, mode_t mode);
int __real_rmdir(const char *path);
int __real_unlink(const char *path);
int __real_unlinkat(int dirfd, const char *path, int flags);
int __real_rename(const char *from, const char *to);
int __real_renameat(int fromfd, const char *from, int tofd, const char *to);
int __wrap_mkdir(const char *path, mode_t mode);
int __wrap_mkdirat(int dirfd, const char *path, mode_t mode);
int __wrap_rmdir(const char *path);
int __wrap_unlink(const char *path);
int __wrap_unlinkat(int dirfd, const char *path, int flags);
int __wrap_rename(const char *from, const char *to);
int __wrap_renameat(int fromfd, const char *from, int tofd, const char *to);

static int vmkdir(const char *path)
{
	if (lookup(path)) {
		errno = EEXIST;
		return -1;
	}
	return rofs(path, 1);
}

int __wrap_mkdir(const char *path, mode_t mode)
{
	return under_root(path) ? vmkdir(path) : __real_mkdir(path, mode);
}

int __wrap_mkdirat(int dirfd, const char *path, mode_t mode)
{
	char buf[4096];

	if (!(path = at_path(&dirfd, path, 0, buf, sizeof(buf))))
		return -1;
	if (path[0] == '/' && under_root(path))
		return vmkdir(path);
	return __real_mkdirat(dirfd, path, mode);
}

int __wrap_rmdir(const char *path)
{
	return under_root(path) ? rofs(path, 0) : __real_rmdir(path);
}

int __wrap_unlink(const char *path)
{
	return under_root(path) ? rofs(path, 0) : __real_unlink(path);
}

int __wrap_unlinkat(int dirfd, const char *path, int flags)
{
	char buf[4096];

	if (!(path = at_path(&dirfd, path, 0, buf, sizeof(buf))))
		return -1;
	if (path[0] == '/' && under_root(path))
		return rofs(path, 0);
	return __real_unlinkat(dirfd, path, flags);
}

/* rename(2) where either side may be under the root. */
static int vrename(const char *from, const char *to)
{
	if (under_root(from) != under_root(to)) {
		errno = EXDEV;	/* the tree is a file system of its own */
		return -1;
	}
	return rofs(from, 0);
}

int __wrap_rename(const char *from, const char *to)
{
	if (!under_root(from) && !under_root(to))
		return __real_rename(from, to);
	return vrename(from, to);
}

int __wrap_renameat(int fromfd, const char *from, int tofd, const char *to)
{
	char fbuf[4096], tbuf[4096];

	if (!(from = at_path(&fromfd, from, 0, fbuf, sizeof(fbuf))) ||
	    !(to = at_path(&tofd, to, 0, tbuf, sizeof(tbuf))))
		return -1;
	if ((from[0] == '/' && under_root(from)) || (to[0] == '/' && under_root(to)))
		return vrename(from, to);
	return __real_renameat(fromfd, from, tofd, to);
}

/* Directories as streams: a DIR of our own for a directory under the
 * root, told apart from the C library's by its address in `vdirs`.  Its
 * entries are those of a real directory: "." and ".." first, then the
 * directory's children in sorted order.  A position (telldir) is 0 for
 * ".", 1 for "..", then 2 + the index of the next node to look at among
 * the nodes under the directory. */
struct vdir {
	size_t dir;		/* the directory's node */
	size_t first, end;	/* the nodes under it */
	size_t plen;		/* its path's length + 1 */
	long pos;
	int fd;			/* its descriptor (fdopendir, dirfd), or -1 */
	struct dirent64 ent;
};

_Static_assert(sizeof(struct dirent) == sizeof(struct dirent64) &&
		       offsetof(struct dirent, d_name) == offsetof(struct dirent64, d_name),
	       "readdir and readdir64 share one entry");

DIR *__real_opendir(const char *path);
DIR *__real_fdopendir(int fd);
struct dirent *__real_readdir(DIR *d);
struct dirent64 *__real_readdir64(DIR *d);
int __real_readdir_r(DIR *d, struct dirent *e, struct dirent **res);
int __real_readdir64_r(DIR *d, struct dirent64 *e, struct dirent64 **res);
void __real_rewinddir(DIR *d);
long __real_telldir(DIR *d);
void __real_seekdir(DIR *d, long pos);
int __real_dirfd(DIR *d);
int __real_closedir(DIR *d);
DIR *__wrap_opendir(const char *path);
DIR *__wrap_fdopendir(int fd);
struct dirent *__wrap_readdir(DIR *d);
struct dirent64 *__wrap_readdir64(DIR *d);
int __wrap_readdir_r(DIR *d, struct dirent *e, struct dirent **res);
int __wrap_readdir64_r(DIR *d, struct dirent64 *e, struct dirent64 **res);
void __wrap_rewinddir(DIR *d);
long __wrap_telldir(DIR *d);
void __wrap_seekdir(DIR *d, long pos);
int __wrap_dirfd(DIR *d);
int __wrap_closedir(DIR *d);

static struct vdir **vdirs;
static size_t n_vdirs;

/* Our DIR `d`, or NULL for the C library's.  No lock while no DIR of
 * ours is open: a DIR being made in another thread is not yet `d`. */
static struct vdir *ours(DIR *d)
{
	struct vdir *v = NULL;
	size_t i;

	if (!__atomic_load_n(&n_vdirs, __ATOMIC_RELAXED))
		return NULL;
	pthread_mutex_lock(&vdirs_lock);
	for (i = 0; i < n_vdirs && !v; i++)
		if ((DIR *)vdirs[i] == d)
			v = vdirs[i];
	pthread_mutex_unlock(&vdirs_lock);
	return v;
}

/* A new DIR listing directory node `n`, owning descriptor `fd` (or -1). */
static DIR *new_vdir(const struct node *n, int fd)
{
	struct vdir *v, **nv;

	v = calloc(1, sizeof(*v));
	if (!v) {
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_lock(&vdirs_lock);
	nv = realloc(vdirs, (n_vdirs + 1) * sizeof(*vdirs));
	if (nv) {
		vdirs = nv;
		vdirs[n_vdirs] = v;
		__atomic_store_n(&n_vdirs, n_vdirs + 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&vdirs_lock);
	if (!nv) {
		free(v);
		errno = ENOMEM;
		return NULL;
	}
	v->dir = (size_t)(n - nodes);
	v->fd = fd;
	v->first = v->dir + 1;
	v->plen = n->len + 1;
	/* the nodes under it follow it in sorted order, up to the first path
	 * that does not start with "DIR/" */
	for (v->end = v->first; v->end < n_nodes; v->end++) {
		const struct node *m = &nodes[v->end];
		if (m->len < v->plen || memcmp(m->path, n->path, n->len) || m->path[n->len] != '/')
			break;
	}
	return (DIR *)v;
}

DIR *__wrap_opendir(const char *path)
{
	const struct node *n;

	if (!under_root(path))
		return __real_opendir(path);
	n = lookup(path);
	if (!n)
		return NULL;
	if (n->entry >= 0) {
		errno = ENOTDIR;
		return NULL;
	}
	return new_vdir(n, -1);
}

DIR *__wrap_fdopendir(int fd)
{
	const struct node *n = dir_node(fd, NULL);

	return n ? new_vdir(n, fd) : __real_fdopendir(fd);
}

static struct dirent64 *vreaddir(struct vdir *v)
{
	for (;;) {
		const struct node *m;
		const char *name;
		size_t len;

		if (v->pos < 0)
			return NULL;
		if (v->pos < 2) {
			m = v->pos ? parent_node(&nodes[v->dir]) : &nodes[v->dir];
			name = "..";
			len = (size_t)v->pos + 1;
		} else {
			if ((size_t)(v->pos - 2) >= v->end - v->first)
				return NULL;
			m = &nodes[v->first + (size_t)(v->pos - 2)];
			name = m->path + v->plen;
			len = strcspn(name, "/");
		}
		v->pos++;
		/* a direct child only (its own children follow it) */
		if (name[len] == '/' || len >= sizeof(v->ent.d_name))
			continue;
		memset(&v->ent, 0, sizeof(v->ent));
		v->ent.d_ino = (ino64_t)(m - nodes) + 1;
		v->ent.d_off = v->pos;
		v->ent.d_reclen = sizeof(v->ent);
		v->ent.d_type = m->entry < 0 ? DT_DIR : DT_REG;
		memcpy(v->ent.d_name, name, len);
		return &v->ent;
	}
}

struct dirent64 *__wrap_readdir64(DIR *d)
{
	struct vdir *v = ours(d);

	return v ? vreaddir(v) : __real_readdir64(d);
}

struct dirent *__wrap_readdir(DIR *d)
{
	struct vdir *v = ours(d);

	return v ? (struct dirent *)vreaddir(v) : __real_readdir(d);
}

int __wrap_readdir64_r(DIR *d, struct dirent64 *e, struct dirent64 **res)
{
	struct vdir *v = ours(d);
	struct dirent64 *got;

	if (!v)
		return __real_readdir64_r(d, e, res);
	got = vreaddir(v);
	if (got)
		memcpy(e, got, sizeof(*e));
	*res = got ? e : NULL;
	return 0;
}

int __wrap_readdir_r(DIR *d, struct dirent *e, struct dirent **res)
{
	struct vdir *v = ours(d);

	if (!v)
		return __real_readdir_r(d, e, res);
	return __wrap_readdir64_r(d, (struct dirent64 *)e, (struct dirent64 **)res);
}

void __wrap_rewinddir(DIR *d)
{
	struct vdir *v = ours(d);

	if (v)
		v->pos = 0;
	else
		__real_rewinddir(d);
}

long __wrap_telldir(DIR *d)
{
	struct vdir *v = ours(d);

	return v ? v->pos : __real_telldir(d);
}

void __wrap_seekdir(DIR *d, long pos)
{
	struct vdir *v = ours(d);

	if (v)
		v->pos = pos;
	else
		__real_seekdir(d, pos);
}

/* dirfd(3): the descriptor of an opendir() stream is made on first use,
 * and closed by closedir(), as the C library's own is. */
int __wrap_dirfd(DIR *d)
{
	struct vdir *v = ours(d);

	if (!v)
		return __real_dirfd(d);
	if (v->fd < 0)
		v->fd = open_dir_node(&nodes[v->dir], O_CLOEXEC);
	return v->fd;
}

int __wrap_closedir(DIR *d)
{
	struct vdir *v = ours(d);
	size_t i;
	int rc;

	if (!v)
		return __real_closedir(d);
	pthread_mutex_lock(&vdirs_lock);
	for (i = 0; i < n_vdirs; i++)
		if (vdirs[i] == v) {
			vdirs[i] = vdirs[n_vdirs - 1];
			__atomic_store_n(&n_vdirs, n_vdirs - 1, __ATOMIC_RELAXED);
			break;
		}
	pthread_mutex_unlock(&vdirs_lock);
	rc = v->fd >= 0 ? close(v->fd) : 0;
	free(v);
	return rc;
}

/* fopen() of a path under the root: a stream on vopen()'s descriptor.  A
 * directory gives EISDIR here, where the C library's fopen succeeds and
 * its first read fails with EISDIR: a descriptor of ours reads nothing. */
static FILE *vfopen(const char *path, const char *mode)
{
	int fd;
	FILE *f;

	if (strpbrk(mode, "wa+")) {
		rofs(path, strpbrk(mode, "wa") != NULL);
		return NULL;
	}
	if (!is_file(path)) {
		if (lookup(path))
			errno = EISDIR;
		return NULL;
	}
	fd = vopen(path, O_RDONLY | (strchr(mode, 'e') ? O_CLOEXEC : 0));
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (!f)
		close(fd);
	return f;
}
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fopen64(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fopen64(const char *path, const char *mode);

FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (sl_mpi_hides_file(path)) {
		errno = ENOENT;
		return NULL;
	}
	return under_root(path) ? vfopen(path, mode) : __real_fopen(path, mode);
}

FILE *__wrap_fopen64(const char *path, const char *mode)
{
	if (sl_mpi_hides_file(path)) {
		errno = ENOENT;
		return NULL;
	}
	return under_root(path) ? vfopen(path, mode) : __real_fopen64(path, mode);
}

char *__real_realpath(const char *path, char *resolved);
char *__wrap_realpath(const char *path, char *resolved);

char *__wrap_realpath(const char *path, char *resolved)
{
	char buf[4096];

	if (!under_root(path))
		return __real_realpath(path, resolved);
	if (canonical(path, buf, sizeof(buf)) < 0 || !lookup(buf))
		return NULL;
	if (!resolved)
		return strdup(buf);
	if (strlen(buf) >= 4096) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return strcpy(resolved, buf);
}
