/* mdsfs: a model of a parallel file system's metadata server, for
 * bench/scale.  A read-only FUSE file system (libfuse3's low-level API)
 * that serves a directory tree as it is, except that every metadata
 * operation (lookup, getattr, open, opendir, readdir, readlink, statfs,
 * access, release...) goes through ONE server, a mutex held for a fixed
 * service time per operation, after a network latency that clients wait
 * out in parallel; data reads go through one data server of a given
 * bandwidth.  It counts the operations it serves, by kind, and writes the
 * counts to a file when it is unmounted or stopped (TERM, INT, HUP).
 *
 * N processes on one machine share the kernel's caches (dentries,
 * attributes, pages), so after the first process everything would be
 * cached.  N ranks on N nodes do not: each node's client starts cold.  So
 * the mount's root holds --replicas K copies of the tree, directories
 * named 0 .. K-1, each with inodes of its own: process i works in copy i
 * and has a kernel cache of its own, as node i has.  Within a copy the
 * kernel caches what a Lustre client caches under its locks (look-ups,
 * negative ones too, attributes, link targets, file pages: long time-outs,
 * FOPEN_KEEP_CACHE); opens and closes reach the server every time, as
 * Lustre's do.  What the kernel asks again of a copy that a client would
 * hold (a directory listed twice, access() checks) the daemon answers
 * without the server (counted apart, as "cached").  --no-client-cache
 * turns both caches off: every request reaches the server.
 *
 *   mdsfs [options] SOURCE MOUNTPOINT
 *     --service-ns NS   the server's time per metadata operation (2200)
 *     --latency-ns NS   a client's round trip outside the server (0)
 *     --bandwidth B     data bytes per second, all clients together (0: no limit)
 *     --threads N       the most requests served at once (256)
 *     --stats FILE      where the counts go at exit (default stderr)
 *     --replicas K      copies of the tree, one per client (1)
 *     --no-client-cache every request reaches the server
 *
 * The service time is a busy wait, not a sleep: it is the server's work,
 * it is microseconds (2.2 us by default, below what nanosleep can honour:
 * its wake-up alone takes tens of microseconds here), and it holds the
 * mutex, so its cost must be exact.  The latency is a nanosleep: it is
 * waiting, not work, and is milliseconds at most.  It stays in the
 * foreground; the bench runs it in the background and unmounts it
 * (libfuse's auto_unmount also unmounts it if it dies). */
#define FUSE_USE_VERSION 34
#include <fuse_lowlevel.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

enum op {
	OP_LOOKUP, OP_GETATTR, OP_READLINK, OP_OPEN, OP_RELEASE, OP_OPENDIR,
	OP_READDIR, OP_RELEASEDIR, OP_STATFS, OP_ACCESS, OP_XATTR, OP_FORGET,
	OP_READ, NOPS
};
/* What a client caches: the answer to a look-up of (parent, name), an
 * inode's attributes, a link's target, a directory's page. */
enum cached { C_LOOKUP = 'L', C_ATTR = 'A', C_LINK = 'R', C_DIR = 'D' };
/* The names in the stats file, in the order written; every kind but read
 * and forget is a metadata operation the server serves. */
static const char *const op_names[NOPS] = {
	"lookup", "getattr", "readlink", "open", "release", "opendir",
	"readdir", "releasedir", "statfs", "access", "xattr", "forget", "read",
};

static struct {
	long long service_ns, latency_ns, bandwidth;
	unsigned threads;
	unsigned long replicas;
	int no_client_cache;
	const char *stats;
	int root;		/* the source tree, as a directory descriptor */
} cfg = { .service_ns = 2200, .threads = 256, .replicas = 1 };
/* what the kernel may keep, in seconds (0 with --no-client-cache) */
static double cache_s = 3600;

/* The metadata server: its lock, and what it counts (under the lock). */
static pthread_mutex_t server = PTHREAD_MUTEX_INITIALIZER;
static uint64_t counts[NOPS], hits[NOPS];
static uint64_t busy_ns;	/* time the server lock was held */
static uint64_t ops_served;
static uint64_t t_first, t_last;	/* first request and last reply */
/* The data server, apart. */
static pthread_mutex_t data = PTHREAD_MUTEX_INITIALIZER;
static uint64_t data_free_at;	/* when the data server is next idle */
static _Atomic uint64_t read_bytes, read_calls, forgets;

static void oom(void);

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = { .tv_sec = t / 1000000000u, .tv_nsec = t % 1000000000u };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* What the clients hold beyond the kernel's caches: one set of 64-bit
 * hashes of (what, inode, name), open addressing, under the server lock;
 * an inode belongs to one copy of the tree, hence to one client. */
static uint64_t *seen;
static size_t nseen, seen_cap;

static uint64_t key_of(enum cached what, fuse_ino_t ino, const char *name, uint64_t extra)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */
	uint64_t words[3] = { (uint64_t)what, ino, extra };
	const unsigned char *p = (const unsigned char *)words;
	size_t i;

	for (i = 0; i < sizeof(words); i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	for (p = (const unsigned char *)(name ? name : ""); *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	return h ? h : 1;
}

/* seen_add KEY: 1 if the client had it already, else adds it and 0 */
static int seen_add(uint64_t key)
{
	size_t i;

	if (2 * (nseen + 1) > seen_cap) {
		size_t old = seen_cap, j;
		uint64_t *was = seen;

		seen_cap = old ? 2 * old : 4096;
		seen = calloc(seen_cap, sizeof(*seen));
		if (!seen)
			oom();
		for (j = 0; j < old; j++)
			if (was[j]) {
				for (i = was[j] & (seen_cap - 1); seen[i]; i = (i + 1) & (seen_cap - 1))
					;
				seen[i] = was[j];
			}
		free(was);
	}
	for (i = key & (seen_cap - 1); seen[i]; i = (i + 1) & (seen_cap - 1))
		if (seen[i] == key)
			return 1;
	seen[i] = key;
	nseen++;
	return 0;
}

/* serve_begin OP: the request crosses the network, then waits for the
 * server, which then spends its service time on it; the caller does the
 * real work under the lock and calls serve_end().  KEY, if not 0, is what
 * the client caches: a second request of it is not served, only done. */
static uint64_t serve_begin(enum op op, uint64_t key)
{
	uint64_t t0, end;

	if (key && !cfg.no_client_cache) {
		pthread_mutex_lock(&server);
		if (seen_add(key)) {
			hits[op]++;
			return 0;
		}
		pthread_mutex_unlock(&server);
	}
	if (cfg.latency_ns > 0)
		sleep_until(now_ns() + (uint64_t)cfg.latency_ns);
	pthread_mutex_lock(&server);
	t0 = now_ns();
	if (!t_first)
		t_first = t0;
	counts[op]++;
	ops_served++;
	end = t0 + (uint64_t)cfg.service_ns;
	while (now_ns() < end)
		;
	return t0;
}

/* serve_end T0: the server is done (T0 0: the client's cache answered) */
static void serve_end(uint64_t t0)
{
	uint64_t t = now_ns();

	if (t0) {
		busy_ns += t - t0;
		t_last = t;
	}
	pthread_mutex_unlock(&server);
}

/* The inode table: a source file (device, inode) keeps its index for the
 * file system's life and the first path it was found by (index 0: the
 * source's root).  The kernel's inode numbers: 1 (FUSE_ROOT_ID) is the
 * mount's root, which holds the copies; 2 + index * K + copy is a file of
 * a copy.  Touched only under the server lock. */
struct node {
	dev_t dev;
	ino_t ino;
	char *path;		/* relative to the source; "." for the root */
};
static struct node *nodes;
static size_t nnodes, nodes_cap;
static size_t *slots;		/* open addressing: node index + 1, 0 empty */
static size_t nslots;

static void oom(void)
{
	fprintf(stderr, "mdsfs: out of memory\n");
	abort();
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		oom();
	return p;
}

static size_t slot_of(dev_t dev, ino_t ino)
{
	uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15u) ^ ((uint64_t)ino * 0xff51afd7ed558ccdu);
	size_t i = (size_t)(h ^ (h >> 29)) & (nslots - 1);

	while (slots[i] && (nodes[slots[i] - 1].dev != dev || nodes[slots[i] - 1].ino != ino))
		i = (i + 1) & (nslots - 1);
	return i;
}

static size_t node_get(const struct stat *st, const char *path)
{
	size_t i, j;

	if (2 * (nnodes + 1) > nslots) {
		size_t old = nslots;
		size_t *was = slots;

		nslots = old ? 2 * old : 1024;
		slots = calloc(nslots, sizeof(*slots));
		if (!slots)
			oom();
		for (j = 0; j < old; j++)
			if (was[j])
				slots[slot_of(nodes[was[j] - 1].dev, nodes[was[j] - 1].ino)] = was[j];
		free(was);
	}
	i = slot_of(st->st_dev, st->st_ino);
	if (slots[i])
		return slots[i] - 1;
	if (nnodes == nodes_cap) {
		nodes_cap = nodes_cap ? 2 * nodes_cap : 1024;
		nodes = xrealloc(nodes, nodes_cap * sizeof(*nodes));
	}
	nodes[nnodes].dev = st->st_dev;
	nodes[nnodes].ino = st->st_ino;
	nodes[nnodes].path = strdup(path);
	if (!nodes[nnodes].path)
		oom();
	slots[i] = ++nnodes;
	return nnodes - 1;
}

static fuse_ino_t ino_of(size_t index, unsigned long copy)
{
	return 2 + index * cfg.replicas + copy;
}

static unsigned long copy_of(fuse_ino_t ino)
{
	return (unsigned long)((ino - 2) % cfg.replicas);
}

/* node_path INO: the source path of a copy's file; NULL for the mount's
 * root or an unknown number */
static const char *node_path(fuse_ino_t ino)
{
	size_t index;

	if (ino < 2)
		return NULL;
	index = (size_t)((ino - 2) / cfg.replicas);
	return index < nnodes ? nodes[index].path : NULL;
}

/* copy_name NAME: the copy a name in the mount's root names, or -1 */
static long copy_name(const char *name)
{
	char *end;
	long r;

	if (name[0] < '0' || name[0] > '9' || (name[0] == '0' && name[1]))
		return -1;
	r = strtol(name, &end, 10);
	return *end || r < 0 || (unsigned long)r >= cfg.replicas ? -1 : r;
}

static void entry_of(struct fuse_entry_param *e, const struct stat *st, fuse_ino_t ino)
{
	memset(e, 0, sizeof(*e));
	e->ino = ino;
	if (st) {
		e->attr = *st;
		e->attr.st_ino = ino;
	}
	e->attr_timeout = cache_s;
	e->entry_timeout = cache_s;
}

static void fs_init(void *userdata, struct fuse_conn_info *conn)
{
	/* plain READDIR: a listing is names, the look-ups come after */
	conn->want &= ~(unsigned)FUSE_CAP_READDIRPLUS;
	/* a link's target stays in the copy's page cache */
	if (cache_s > 0 && (conn->capable & FUSE_CAP_CACHE_SYMLINKS))
		conn->want |= FUSE_CAP_CACHE_SYMLINKS;
}

static void fs_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	uint64_t t0 = serve_begin(OP_LOOKUP, key_of(C_LOOKUP, parent, name, 0));
	const char *dir = node_path(parent);
	char path[PATH_MAX];
	struct fuse_entry_param e;
	struct stat st;
	long copy = parent == FUSE_ROOT_ID ? copy_name(name) : -1;
	int err = 0;

	if (parent == FUSE_ROOT_ID) {
		if (copy < 0 || fstat(cfg.root, &st) < 0)
			err = ENOENT;
		else
			entry_of(&e, &st, ino_of(0, (unsigned long)copy));
	} else if (!dir)
		err = ESTALE;
	else if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		err = ENAMETOOLONG;
	else if (fstatat(cfg.root, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
		err = errno;
	else
		entry_of(&e, &st, ino_of(node_get(&st, path), copy_of(parent)));
	/* a look-up brings the attributes with it */
	if (!err && !cfg.no_client_cache)
		seen_add(key_of(C_ATTR, e.ino, NULL, 0));
	serve_end(t0);
	if (err == ENOENT && cache_s > 0 && parent != FUSE_ROOT_ID) {
		/* the client keeps the absence too (a negative entry) */
		entry_of(&e, NULL, 0);
		fuse_reply_entry(req, &e);
	} else if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_entry(req, &e);
}

static void fs_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	/* no reply, no server: the kernel dropping an inode; kept for good */
	forgets++;
	fuse_reply_none(req);
}

static void fs_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *f)
{
	forgets += count;
	fuse_reply_none(req);
}

/* stat_of REQ OP INO ST: the server's look at a node; 0 or an errno */
static int stat_of(fuse_req_t req, enum op op, fuse_ino_t ino, struct stat *st)
{
	uint64_t t0 = serve_begin(op, key_of(C_ATTR, ino, NULL, 0));
	const char *path = ino == FUSE_ROOT_ID ? "." : node_path(ino);
	int err = 0;

	if (!path)
		err = ESTALE;
	else if (fstatat(cfg.root, path, st, AT_SYMLINK_NOFOLLOW) < 0)
		err = errno;
	st->st_ino = ino;
	serve_end(t0);
	return err;
}

static void fs_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;
	int err = stat_of(req, OP_GETATTR, ino, &st);

	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_attr(req, &st, cache_s);
}

static void fs_readlink(fuse_req_t req, fuse_ino_t ino)
{
	uint64_t t0 = serve_begin(OP_READLINK, key_of(C_LINK, ino, NULL, 0));
	const char *path = node_path(ino);
	char target[PATH_MAX];
	ssize_t n = -1;
	int err = ESTALE;

	if (path && (n = readlinkat(cfg.root, path, target, sizeof(target) - 1)) < 0)
		err = errno;
	serve_end(t0);
	if (n < 0) {
		fuse_reply_err(req, err);
		return;
	}
	target[n] = '\0';
	fuse_reply_readlink(req, target);
}

/* open_of OP INO FLAGS: a descriptor on the node's source file, opened by
 * the server; -errno on failure */
static int open_of(enum op op, fuse_ino_t ino, int flags)
{
	uint64_t t0 = serve_begin(op, 0);
	const char *path = node_path(ino);
	int fd = path ? openat(cfg.root, path, flags) : -1;
	int err = path ? errno : ESTALE;

	serve_end(t0);
	return fd < 0 ? -err : fd;
}

static void fs_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	int fd;

	if ((fi->flags & O_ACCMODE) != O_RDONLY) {
		fuse_reply_err(req, EROFS);
		return;
	}
	fd = open_of(OP_OPEN, ino, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		fuse_reply_err(req, -fd);
		return;
	}
	fi->fh = (uint64_t)fd;
	fi->keep_cache = cache_s > 0;	/* the copy's pages stay cached */
	if (fuse_reply_open(req, fi) == -ENOENT)
		close(fd);
}

static void fs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	char *buf = malloc(size ? size : 1);
	ssize_t n;

	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	n = pread((int)fi->fh, buf, size, off);
	if (n < 0) {
		fuse_reply_err(req, errno);
		free(buf);
		return;
	}
	read_calls++;
	read_bytes += (uint64_t)n;
	if (cfg.bandwidth > 0 && n > 0) {
		/* one pipe for every client: this read's bytes follow those
		 * already queued */
		uint64_t t, done;

		pthread_mutex_lock(&data);
		t = now_ns();
		done = (data_free_at > t ? data_free_at : t) +
		       (uint64_t)n * 1000000000u / (uint64_t)cfg.bandwidth;
		data_free_at = done;
		pthread_mutex_unlock(&data);
		sleep_until(done);
	}
	fuse_reply_buf(req, buf, (size_t)n);
	free(buf);
}

static void fs_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	/* a close is a metadata server's call too (Lustre's MDS_CLOSE); the
	 * kernel does not wait for the reply */
	uint64_t t0 = serve_begin(OP_RELEASE, 0);

	close((int)fi->fh);
	serve_end(t0);
	fuse_reply_err(req, 0);
}

struct dir {
	DIR *dp;		/* NULL: the mount's root, listing the copies */
	off_t offset;
	struct dirent *entry;	/* read but not yet given to the kernel */
};

static void fs_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	int fd;
	struct dir *d;

	if (ino == FUSE_ROOT_ID) {
		d = calloc(1, sizeof(*d));
		if (!d) {
			fuse_reply_err(req, ENOMEM);
			return;
		}
		fi->fh = (uintptr_t)d;
		if (fuse_reply_open(req, fi) == -ENOENT)
			free(d);
		return;
	}
	fd = open_of(OP_OPENDIR, ino, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0) {
		fuse_reply_err(req, -fd);
		return;
	}
	d = calloc(1, sizeof(*d));
	if (!d || !(d->dp = fdopendir(fd))) {
		close(fd);
		free(d);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	fi->fh = (uintptr_t)d;
	fi->cache_readdir = 0;
	if (fuse_reply_open(req, fi) == -ENOENT) {
		closedir(d->dp);
		free(d);
	}
}

/* One READDIR is one server call, as one Lustre readdir RPC returns a page
 * of entries: the entries that fit in the kernel's buffer. */
static void fs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	struct dir *d = (struct dir *)(uintptr_t)fi->fh;
	char *buf = calloc(1, size), *p = buf;
	size_t left = size;
	uint64_t t0;

	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	if (!d->dp) {
		/* the mount's root: the copies, not the server's */
		unsigned long r;

		for (r = (unsigned long)off; r < cfg.replicas; r++) {
			struct stat st = { .st_ino = ino_of(0, r), .st_mode = S_IFDIR };
			char name[32];
			size_t n;

			snprintf(name, sizeof(name), "%lu", r);
			n = fuse_add_direntry(req, p, left, name, &st, (off_t)(r + 1));
			if (n > left)
				break;
			p += n;
			left -= n;
		}
		fuse_reply_buf(req, buf, size - left);
		free(buf);
		return;
	}
	t0 = serve_begin(OP_READDIR, key_of(C_DIR, ino, NULL, (uint64_t)off));
	if (off != d->offset) {
		seekdir(d->dp, off);
		d->entry = NULL;
		d->offset = off;
	}
	for (;;) {
		struct stat st;
		size_t n;

		if (!d->entry) {
			errno = 0;
			d->entry = readdir(d->dp);
			if (!d->entry)
				break;
		}
		memset(&st, 0, sizeof(st));
		st.st_ino = d->entry->d_ino;
		st.st_mode = (mode_t)d->entry->d_type << 12;
		n = fuse_add_direntry(req, p, left, d->entry->d_name, &st, d->entry->d_off);
		if (n > left)
			break;
		p += n;
		left -= n;
		d->offset = d->entry->d_off;
		d->entry = NULL;
	}
	serve_end(t0);
	fuse_reply_buf(req, buf, size - left);
	free(buf);
}

static void fs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct dir *d = (struct dir *)(uintptr_t)fi->fh;
	uint64_t t0;

	if (d->dp) {
		t0 = serve_begin(OP_RELEASEDIR, 0);
		closedir(d->dp);
		serve_end(t0);
	}
	free(d);
	fuse_reply_err(req, 0);
}

static void fs_statfs(fuse_req_t req, fuse_ino_t ino)
{
	uint64_t t0 = serve_begin(OP_STATFS, 0);
	struct statvfs sv;
	int r = fstatvfs(cfg.root, &sv), err = errno;

	serve_end(t0);
	if (r < 0)
		fuse_reply_err(req, err);
	else
		fuse_reply_statfs(req, &sv);
}

static void fs_access(fuse_req_t req, fuse_ino_t ino, int mask)
{
	/* checked against the attributes the client holds */
	uint64_t t0 = serve_begin(OP_ACCESS, key_of(C_ATTR, ino, NULL, 0));
	const char *path = ino == FUSE_ROOT_ID ? "." : node_path(ino);
	int err = !path ? ESTALE : faccessat(cfg.root, path, mask, 0) < 0 ? errno : 0;

	serve_end(t0);
	fuse_reply_err(req, err);
}

/* No extended attributes: the kernel stops asking after the first ENOSYS. */
static void fs_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	serve_end(serve_begin(OP_XATTR, 0));
	fuse_reply_err(req, ENOSYS);
}

static void fs_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	serve_end(serve_begin(OP_XATTR, 0));
	fuse_reply_err(req, ENOSYS);
}

static const struct fuse_lowlevel_ops ops = {
	.init = fs_init,
	.lookup = fs_lookup,
	.forget = fs_forget,
	.forget_multi = fs_forget_multi,
	.getattr = fs_getattr,
	.readlink = fs_readlink,
	.open = fs_open,
	.read = fs_read,
	.release = fs_release,
	.opendir = fs_opendir,
	.readdir = fs_readdir,
	.releasedir = fs_releasedir,
	.statfs = fs_statfs,
	.access = fs_access,
	.getxattr = fs_getxattr,
	.listxattr = fs_listxattr,
};

/* The counts, one "name value" line each, in a fixed order. */
static void write_stats(void)
{
	FILE *f = cfg.stats ? fopen(cfg.stats, "w") : stderr;
	int i;

	if (!f) {
		fprintf(stderr, "mdsfs: cannot write %s: %s\n", cfg.stats, strerror(errno));
		return;
	}
	pthread_mutex_lock(&server);
	for (i = 0; i < NOPS; i++) {
		uint64_t v = i == OP_READ ? read_calls : i == OP_FORGET ? forgets : counts[i];

		fprintf(f, "%s %" PRIu64 "\n", op_names[i], v);
	}
	for (i = 0; i < NOPS; i++)
		if (i != OP_READ && i != OP_FORGET)
			fprintf(f, "cached_%s %" PRIu64 "\n", op_names[i], hits[i]);
	fprintf(f, "metadata %" PRIu64 "\n", ops_served);
	fprintf(f, "read_bytes %" PRIu64 "\n", (uint64_t)read_bytes);
	fprintf(f, "busy_ns %" PRIu64 "\n", busy_ns);
	fprintf(f, "span_ns %" PRIu64 "\n", t_last - t_first);
	fprintf(f, "service_ns %lld\nlatency_ns %lld\nbandwidth %lld\nreplicas %lu\nnodes %zu\n",
		cfg.service_ns, cfg.latency_ns, cfg.bandwidth, cfg.replicas, nnodes);
	pthread_mutex_unlock(&server);
	if (f != stderr && fclose(f) != 0)
		fprintf(stderr, "mdsfs: cannot write %s: %s\n", cfg.stats, strerror(errno));
}

static void usage(void)
{
	fprintf(stderr, "usage: mdsfs [--service-ns NS] [--latency-ns NS] [--bandwidth BYTES/S]\n"
			"             [--threads N] [--stats FILE] [--replicas K] [--no-client-cache]\n"
			"             SOURCE MOUNTPOINT\n");
	exit(2);
}

static long long number(const char *opt, const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0) {
		fprintf(stderr, "mdsfs: %s wants a number >= 0, not '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	char *fargv[] = { argv[0], "-o", "ro,fsname=mdsfs,subtype=mdsfs,auto_unmount", NULL };
	struct fuse_args args = FUSE_ARGS_INIT(3, fargv);
	struct fuse_loop_config *loop;
	struct fuse_session *se;
	struct rlimit rl;
	struct stat st;
	int i, rc;

	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc && strcmp(argv[i], "--no-client-cache"))
			usage();
		if (!strcmp(argv[i], "--service-ns"))
			cfg.service_ns = number(argv[i], argv[i + 1]);
		else if (!strcmp(argv[i], "--latency-ns"))
			cfg.latency_ns = number(argv[i], argv[i + 1]);
		else if (!strcmp(argv[i], "--bandwidth"))
			cfg.bandwidth = number(argv[i], argv[i + 1]);
		else if (!strcmp(argv[i], "--threads"))
			cfg.threads = (unsigned)number(argv[i], argv[i + 1]);
		else if (!strcmp(argv[i], "--stats"))
			cfg.stats = argv[i + 1];
		else if (!strcmp(argv[i], "--replicas"))
			cfg.replicas = (unsigned long)number(argv[i], argv[i + 1]);
		else if (!strcmp(argv[i], "--no-client-cache")) {
			cfg.no_client_cache = 1;
			cache_s = 0;
			i--;
		}
		else
			usage();
	}
	if (argc - i != 2 || cfg.replicas < 1)
		usage();
	cfg.root = open(argv[i], O_RDONLY | O_DIRECTORY);
	if (cfg.root < 0 || fstat(cfg.root, &st) < 0) {
		fprintf(stderr, "mdsfs: cannot open the source directory %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	node_get(&st, ".");
	/* each open file of every client is a descriptor here */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* sleeps as short as asked (inherited by the worker threads) */
	prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);

	se = fuse_session_new(&args, &ops, sizeof(ops), NULL);
	if (!se)
		return 1;
	if (fuse_set_signal_handlers(se) != 0 || fuse_session_mount(se, argv[i + 1]) != 0) {
		fuse_session_destroy(se);
		return 1;
	}
	loop = fuse_loop_cfg_create();
	fuse_loop_cfg_set_max_threads(loop, cfg.threads);
	fuse_loop_cfg_set_idle_threads(loop, cfg.threads);
	rc = fuse_session_loop_mt(se, loop);
	fuse_loop_cfg_destroy(loop);
	fuse_session_unmount(se);
	fuse_remove_signal_handlers(se);
	fuse_session_destroy(se);
	write_stats();
	fuse_opt_free_args(&args);
	return rc < 0 ? 1 : 0;
}
