"""The ``framing`` command line: ``framing score PATH... [--out DIR] [--sentiment NAME] ...``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import FramingError, InputError
from .reader import TEXT_SUFFIXES

DEFAULT_OUT = "data/processed"
AUTO_PARQUET = 100  # --format auto writes corpus Parquet tables from this many inputs on


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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framing", description="Media-framing and stance analysis.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score articles into per-article tables")
    score.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders of .txt/.md files")
    score.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    score.add_argument("--sentiment", default="vader", help="sentiment backend: vader | transformers:<model>")
    score.add_argument("--stance", action="append", default=None,
                       help="stance backend, repeatable: rules (default) | minilm | minilm-tuned | minilm-pair | ensemble | nli:<model>")
    score.add_argument("--sides", default=None, help="YAML sides file replacing or extending the default")
    score.add_argument("--cues", default=None, help="YAML file extending the reporting-cue lexicon")
    score.add_argument("--quiet", action="store_true", help="no progress bar")
    corpus = score.add_argument_group("corpus runs (see the README, 'Corpus runs')")
    corpus.add_argument("--format", choices=("auto", "csv", "parquet", "both"), default="auto",
                        help="csv: a folder of CSV tables per article; parquet: corpus tables OUT/<table>.parquet; "
                             f"auto (default): csv below {AUTO_PARQUET} inputs, parquet from {AUTO_PARQUET} on")
    corpus.add_argument("--workers", type=_positive, default=1, help="processes that parse and score (default 1)")
    corpus.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local (default): this machine; dask: a Dask cluster (LocalCluster unless --scheduler)")
    corpus.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --engine dask)")
    corpus.add_argument("--cache", default=None, metavar="DIR",
                        help="cache of parses and scores (default: OUT/.cache for parquet/both, none for csv)")
    corpus.add_argument("--no-cache", action="store_true", help="neither read nor write a cache")
    corpus.add_argument("--batch-size", type=_positive, default=32, help="articles per batch of work (default 32)")
    sub.add_parser("backends", help="list the backend names")
    return parser


def _score(args) -> int:
    from .corpus import Options, run

    files = collect_inputs(args.paths)
    fmt = args.format
    if fmt == "auto":
        fmt = "parquet" if len(files) >= AUTO_PARQUET else "csv"
        if fmt == "parquet" and not args.quiet:
            print(f"framing: {len(files)} inputs: writing corpus tables {args.out}/<table>.parquet "
                  "(--format csv for a folder per article)", file=sys.stderr)
    cache = None if args.no_cache else args.cache or (str(Path(args.out) / ".cache") if fmt != "csv" else None)
    options = Options(args.sentiment, tuple(args.stance or ["rules"]), args.sides, args.cues)
    report = run(files, args.out, options, fmt=fmt, engine=args.engine, workers=args.workers,
                 scheduler=args.scheduler, cache_dir=cache, batch_size=args.batch_size, quiet=args.quiet)
    if fmt != "csv":
        if not args.quiet:
            print(report.describe(), file=sys.stderr)
        print(args.out)
    if report.skipped:
        where = f"; listed in {report.skipped_file}" if report.skipped_file else ""
        print(f"framing: {len(report.skipped)} of {len(files)} input(s) failed; see the errors above{where}",
              file=sys.stderr)
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
