"""A namespace package (no __init__.py) spread over one directory."""
import nsroot.plug.core as core
import nsroot

print("core", core.VALUE, core.__name__, core.__package__)
print("ns", nsroot.__name__, getattr(nsroot, "__file__", "unset"), nsroot.__spec__.origin)
print("ns path type", type(nsroot.__path__).__name__ in ("_NamespacePath", "list"))
