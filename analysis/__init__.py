"""Media-framing and stance analysis: read an article, score every paragraph, keep the evidence."""
__version__ = "0.1.0"

from .errors import BackendError, FramingError, InputError, MissingExtraError  # noqa: E402
from .reader import Article, Paragraph, read_article, read_text  # noqa: E402


def score_article(*args, **kwargs):
    """Score one article; see :func:`analysis.score.score_article`."""
    from .score import score_article as _score

    return _score(*args, **kwargs)


__all__ = ["Article", "Paragraph", "read_article", "read_text", "score_article", "FramingError",
           "InputError", "BackendError", "MissingExtraError", "__version__"]
