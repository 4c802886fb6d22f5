"""Packages, relative imports, from-import of submodules, import_module."""
import importlib
import os
import sys

import shop
from shop import cart
from shop.sub import deep

print("argv", sys.argv[1:])
print("shop", shop.__name__, shop.__package__, hasattr(shop, "__path__"), shop.__spec__.parent)
print("cart", cart.__name__, cart.__package__, cart.__spec__.name, os.path.basename(cart.__file__))
print("deep", deep.describe())
print("total", cart.total([1.5, 2.25]))
plugin = importlib.import_module("shop.plugin")
print("plugin", plugin.NAME, plugin.__spec__.parent)
print("main", __name__, os.path.basename(__file__))
print("loader", cart.__loader__ is not None, shop.__spec__.submodule_search_locations is not None)
data = importlib.resources.files("shop").joinpath("prices.txt").read_text()
print("resource", data.strip())
import pkgutil
print("get_data", pkgutil.get_data("shop", "prices.txt").decode().strip())
