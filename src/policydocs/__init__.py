"""policydocs: clean, segment and mine Chinese policy documents and speeches."""

__version__ = "0.1.0"

from policydocs.errors import InputError  # noqa: E402

__all__ = ["clean", "InputError", "__version__"]


def __getattr__(name):
    # Lazy: importing the package (e.g. for the CLI's --help) must not load opencc/jieba.
    if name == "clean":
        from policydocs.clean import clean

        return clean
    raise AttributeError(name)
