"""storage-sdk: sync and async clients for the ReductStore admin API and the opengater-storage API."""

from ._version import __version__

__all__ = ["__version__"]
