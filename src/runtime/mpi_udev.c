/* HACK: hwloc, which MPICH links, calls libudev to name some OS devices,
 * and Debian ships libudev only as a shared library.  An --mpi link without
 * a libudev.a takes these instead: udev_new() failing is a case hwloc
 * handles (a machine without udev), so it names those devices without it.
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

struct udev *udev_new(void)
{
	return NULL;
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
