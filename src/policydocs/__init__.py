"""policydocs: clean, segment and mine Chinese policy documents and speeches."""

from policydocs.version import __version__  # noqa: E402

from policydocs.errors import InputError  # noqa: E402

# ``policydocs.clean`` is both a subpackage and the function users call: binding the function
# here, after the subpackage is imported, makes the name mean the function.
from policydocs.clean import clean  # noqa: E402

__all__ = ["clean", "InputError", "__version__"]
