"""Throughput benchmark of corpus scoring (``make bench``; not part of ``make test``).

For each corpus size N it writes N synthetic articles (benchmarks/templates.py) and times, each
in a fresh subprocess with the spaCy model already loaded (so start-up is not counted):

* bare spaCy: ``nlp.pipe`` over the same paragraph texts, one process (the floor);
* the default pipeline: ``framing score CORPUS --format parquet`` with a new cache, one worker;
* the cached rerun of that same command (nothing changed: no parsing);
* the default pipeline with ``--workers W`` (default 2) and no cache.

Throughput is tokens (spaCy's count) per wall-clock second; the pipeline ÷ bare ratio is also
given in CPU time, which holds up better when other work shares the machine (the last column,
the highest 1-minute load average seen, says whether it did). Peak RSS: the largest single
process (getrusage of the run and of its workers) and the peak sum over the process tree
(PSS from psutil, sampled every 0.2 s). Prints a Markdown table on stdout, progress on stderr.

    python benchmarks/bench.py                      # N = 100, 1000, 10000 (the last takes long)
    python benchmarks/bench.py --sizes 100,1000     # quicker
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "BENCH-RESULT "


# ---- child processes ------------------------------------------------------------------------

def _cpu() -> float:
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024  # KiB on Linux


def child_bare(corpus: str) -> dict:
    from analysis.nlp import load_nlp
    from analysis.reader import read_article

    nlp = load_nlp()
    texts = [p.text for path in sorted(Path(corpus).iterdir()) for p in read_article(path).paragraphs]
    list(nlp.pipe(texts[:20]))  # warm-up
    start, cpu = time.perf_counter(), _cpu()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
    return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu, "paragraphs": len(texts), "tokens": tokens}


def child_score(argv: list[str]) -> dict:
    from analysis.cli import main
    from analysis.nlp import load_nlp
    from analysis.score import build_pipeline

    started = time.perf_counter()
    load_nlp()
    build_pipeline().fingerprint  # noqa: B018 -- load the lexicons too: start-up is timed apart
    start, cpu = time.perf_counter(), _cpu()
    code = main(argv)
    return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu, "startup": start - started, "exit": code}


def _child(args: list[str]) -> None:
    kind, rest = args[0], args[1:]
    result = child_bare(rest[0]) if kind == "bare" else child_score(rest)
    result["peak_mib"] = _peak_mib()
    print(MARK + json.dumps(result), flush=True)


# ---- the parent ---------------------------------------------------------------------------------

def _pss(proc) -> int:
    """Proportional set size: pages shared between forked workers count once in the sum."""
    try:
        return proc.memory_full_info().pss
    except Exception:  # no PSS on this platform, or the process just ended
        try:
            return proc.memory_info().rss
        except Exception:
            return 0


def measure(kind: str, *args: str) -> dict:
    """Run one child; sample the RSS of its whole process tree while it runs."""
    try:
        import psutil
    except ImportError:
        psutil = None
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *map(str, args)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    tree_peak, loads = 0, [os.getloadavg()[0]]
    if psutil is not None:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [root, *root.children(recursive=True)]
                tree_peak = max(tree_peak, sum(_pss(p) for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.2)
    out, _ = proc.communicate()
    loads.append(os.getloadavg()[0])
    if proc.returncode != 0:
        raise SystemExit(f"bench: {kind} run failed (exit {proc.returncode})")
    result = json.loads(next(line for line in out.splitlines() if line.startswith(MARK))[len(MARK):])
    result["tree_mib"] = tree_peak / 2**20 if tree_peak else None
    result["load"] = max(loads)  # 1-minute load average: above the CPU count, other work competed
    return result


def bench_size(n: int, work: Path, workers: int, seed: int) -> dict:
    sys.path.insert(0, str(HERE))
    from templates import write_corpus

    corpus = work / f"corpus-{n}"
    if not corpus.exists() or len(list(corpus.iterdir())) != n:
        write_corpus(corpus, n, seed)
    out = work / f"out-{n}"
    bare = measure("bare", corpus)
    first = measure("score", "score", corpus, "--out", out, "--format", "parquet", "--quiet", "--cache",
                    out / ".cache")
    cached = measure("score", "score", corpus, "--out", out, "--format", "parquet", "--quiet", "--cache",
                     out / ".cache")
    parallel = measure("score", "score", corpus, "--out", work / f"out-{n}-w{workers}", "--format", "parquet",
                       "--quiet", "--no-cache", "--workers", workers)
    return {"n": n, "bare": bare, "first": first, "cached": cached, "parallel": parallel, "workers": workers}


def row(r: dict) -> str:
    tokens, paragraphs = r["bare"]["tokens"], r["bare"]["paragraphs"]
    bare, first, cached, par = r["bare"], r["first"], r["cached"], r["parallel"]
    bare_tps, first_tps, par_tps = tokens / bare["seconds"], tokens / first["seconds"], tokens / par["seconds"]
    largest = max(r[k]["peak_mib"] for k in ("first", "cached", "parallel"))
    tree = max((r[k]["tree_mib"] or 0) for k in ("first", "cached", "parallel"))
    load = max(r[k]["load"] for k in ("bare", "first", "cached", "parallel"))
    return (f"| {r['n']:,} | {paragraphs:,} | {tokens:,} | {bare_tps:,.0f} | {first_tps:,.0f} "
            f"({paragraphs / first['seconds']:,.0f} para/s) | {first_tps / bare_tps:.2f}× "
            f"({bare['cpu'] / first['cpu']:.2f}×) | {par_tps:,.0f} ({par_tps / bare_tps:.2f}×) | "
            f"{first['seconds']:,.1f} s → {cached['seconds']:,.2f} s ({first['seconds'] / cached['seconds']:,.0f}×) | "
            f"{largest:,.0f} MiB | {tree:,.0f} MiB | {load:.1f} |")


HEADER = ("| articles | paragraphs | tokens | bare spaCy tok/s | pipeline tok/s, 1 worker | pipeline ÷ bare, wall "
          "(CPU) | {w} workers tok/s (÷ bare) | first run → cached rerun | peak RSS, largest process | "
          "peak PSS, all processes | max load avg |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel run (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", default=None, help="folder for corpora and outputs (default: a temporary one)")
    parser.add_argument("--json", default=None, help="also write the raw measurements to this file")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    temp = None if args.work else tempfile.TemporaryDirectory(prefix="framing-bench-")
    work = Path(args.work or temp.name)
    work.mkdir(parents=True, exist_ok=True)
    results, rate = [], None  # rate: seconds per article for all four runs, from the last size
    print(f"framing benchmark: sizes {sizes}, {args.workers} workers, {os.cpu_count()} CPUs, work folder {work}",
          file=sys.stderr)
    for n in sizes:
        if rate:
            print(f"  N={n:,}: about {rate * n / 60:,.0f} min (estimated from the last size)", file=sys.stderr)
        started = time.perf_counter()
        results.append(bench_size(n, work, args.workers, args.seed))
        rate = (time.perf_counter() - started) / n
        print(f"  N={n:,} done in {(time.perf_counter() - started) / 60:,.1f} min: {row(results[-1])}",
              file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(HEADER.format(w=args.workers))
    for r in results:
        print(row(r))
    if temp is not None:
        temp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
