"""The project's own error types. Everything the package raises on bad input is one of these."""


class FramingError(Exception):
    """Base class for every error the package raises on purpose."""


class InputError(FramingError):
    """An input file or folder cannot be read as an article. The message names the file."""


class BackendError(FramingError):
    """A scoring backend cannot be created or run (unknown name, missing extra, unsafe model)."""


class MissingExtraError(BackendError):
    """An optional dependency is not installed; the message names the extra to install."""
