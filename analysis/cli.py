"""The ``framing`` command line: ``framing score PATH... [--out DIR] [--sentiment NAME] ...``."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from . import __version__
from .errors import FramingError, InputError
from .reader import TEXT_SUFFIXES

DEFAULT_OUT = "data/processed"


def collect_inputs(paths: list[str]) -> list[Path]:
    """Expand folders to their text files (sorted); raise InputError for a missing path or empty folder."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in TEXT_SUFFIXES - {""})
            if not found:
                raise InputError(f"{raw}: folder has no .txt or .md texts")
            files.extend(found)
        else:
            files.append(path)
    return files


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="Media-framing and stance analysis.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score articles into per-article tables")
    score.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders of .txt/.md files")
    score.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    score.add_argument("--sentiment", default="vader", help="sentiment backend: vader | transformers:<model>")
    score.add_argument("--stance", action="append", default=None,
                       help="stance backend, repeatable: rules (default) | minilm | nli:<model>")
    score.add_argument("--sides", default=None, help="YAML sides file replacing or extending the default")
    score.add_argument("--cues", default=None, help="YAML file extending the reporting-cue lexicon")
    score.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("backends", help="list the backend names")
    return parser


def _score(args) -> int:
    from tqdm import tqdm

    from .output import write_scores
    from .score import score_article

    files = collect_inputs(args.paths)
    stance = args.stance or ["rules"]
    failed = 0
    slugs: dict[str, int] = {}
    bar = tqdm(files, unit="article", disable=args.quiet or len(files) < 2, file=sys.stderr)
    for path in bar:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                scores = score_article(path, sentiment=args.sentiment, stance=stance, sides=args.sides, cues=args.cues)
            for w in caught:
                if issubclass(w.category, UserWarning):
                    print(f"framing: warning: {w.message}", file=sys.stderr)
        except InputError as exc:
            failed += 1
            print(f"framing: error: {exc}", file=sys.stderr)
            continue
        slug = scores.article.slug
        slugs[slug] = slugs.get(slug, 0) + 1
        if slugs[slug] > 1:  # two inputs with the same file name
            object.__setattr__(scores.article, "slug", f"{slug}-{slugs[slug]}")
            scores.summary["slug"] = scores.article.slug
        target = write_scores(scores, args.out)
        if args.quiet or len(files) < 2:
            print(target)
    if failed:
        print(f"framing: {failed} of {len(files)} input(s) failed; see the errors above", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "backends":
            from .sentiment import SENTIMENT
            from .stance import STANCE

            print("sentiment:", ", ".join(SENTIMENT.names))
            print("stance:", ", ".join(STANCE.names))
            return 0
        return _score(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("framing: interrupted; finished articles are kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
