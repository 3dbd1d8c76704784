"""Errors a user sees: one line, naming the file and the reason."""


class InputError(Exception):
    """A file that cannot be processed. ``str(err)`` is the one-line message for the user."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(Exception):
    """A database problem the user can act on; ``str(err)`` is one line."""
