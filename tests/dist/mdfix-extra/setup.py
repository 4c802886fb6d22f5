# Fixture (tests/t0810-metadata.sh): a second distribution whose only link
# to the app is an entry point in mdfix's plugin group.
from setuptools import setup

setup(name="mdfix-extra", version="0.3",
      packages=["mdfix_extra"],
      entry_points={"mdfix.plugins": ["gamma = mdfix_extra.gamma:Gamma"]})
