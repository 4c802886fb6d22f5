"""A package that asks importlib.metadata for its own version, as many do."""
from importlib.metadata import entry_points, version

__version__ = version("Metadata-Fixture")


def plugins():
    """The plugins installed for mdfix, by entry point, loaded."""
    return {ep.name: ep.load() for ep in entry_points(group="mdfix.plugins")}
