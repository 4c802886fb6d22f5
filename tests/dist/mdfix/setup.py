# Fixture (tests/t0810-metadata.sh): a distribution whose name is not its
# package's, which computes __version__ with importlib.metadata when it is
# imported and finds its plugins through entry_points(); mdfix-extra
# (another distribution) adds one.
from setuptools import setup

setup(name="Metadata-Fixture", version="2.5.1",
      description="slither's importlib.metadata fixture",
      author="slither", license="MIT",
      packages=["mdfix", "mdfix.plugins"],
      package_data={"mdfix": ["tables/*.csv"]},
      extras_require={"fast": ["mdfix-speedups>=1.0"]},
      entry_points={
          "console_scripts": ["mdfix = mdfix.__main__:main"],
          "mdfix.plugins": ["alpha = mdfix.plugins.alpha:Alpha",
                            "beta = mdfix.plugins.beta:make"],
      })
