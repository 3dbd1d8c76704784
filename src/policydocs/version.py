"""The package's version, in a module of its own: the HTTP client's user agent names it, and the
acquire layer must not import the package's top (which imports the cleaner)."""

__version__ = "0.1.0"
