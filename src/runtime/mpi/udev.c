/* HACK: hwloc, which MPICH links, calls libudev to name the block devices
 * it finds (vendor, model, serial), and Debian ships libudev only as a
 * shared library.  An --mpi link takes these instead, always: libudev, like
 * hwloc's own fallback when udev_new() fails, would read /run/udev/data/ in
 * every rank.  udev_new() succeeds with a context that knows no device, a
 * case hwloc handles (it leaves those names out) without reading anything.
 * Nothing else is lost: MPI never asks hwloc for those names. */
#include <stddef.h>

struct udev;
struct udev_device;

struct udev *udev_new(void);
struct udev *udev_unref(struct udev *u);
struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *u, const char *subsystem,
                                                           const char *sysname);
struct udev_device *udev_device_unref(struct udev_device *d);
const char *udev_device_get_property_value(struct udev_device *d, const char *key);

/* a context: hwloc only compares it with NULL and hands it back */
static char no_devices;

struct udev *udev_new(void)
{
	return (struct udev *)&no_devices;
}

struct udev *udev_unref(struct udev *u)
{
	return NULL;
}

struct udev_device *udev_device_new_from_subsystem_sysname(struct udev *u, const char *subsystem,
                                                           const char *sysname)
{
	return NULL;
}

struct udev_device *udev_device_unref(struct udev_device *d)
{
	return NULL;
}

const char *udev_device_get_property_value(struct udev_device *d, const char *key)
{
	return NULL;
}
