#!/usr/bin/env python
"""Render the notebook suite for each article into ``reports/<slug>/``.

    python scripts/render_reports.py [PATH ...]      (default: every text in seeds/)

For every article (a file, or every .txt/.md file of a folder) this runs each numbered notebook
of ``notebooks/`` with papermill (``ARTICLE`` = the article's absolute path, ``FIGURES`` = the
report's figures folder) and writes::

    reports/<slug>/NN-<name>.ipynb     the executed notebooks, with their code
    reports/<slug>/report.html         all of them in order, as one page without code cells
    reports/<slug>/figures/*.png|svg   every chart, deterministic files

``<slug>`` is :func:`analysis.reader.slugify` of the file name. A report is built in a temporary
folder and renamed into place, so a failed run never leaves half a report. The reference
notebooks in ``notebooks/`` are never written to. A bad article path prints one line on stderr
and the exit status is non-zero.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
REFERENCE_SLUG = "learning-from-zhanaozen"  # cells tagged reference-article describe this article only
DROP_TAGS = {"remove-cell", "parameters", "injected-parameters"}
KERNEL = "framing-render"

REPORT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{#- A self-contained page: no require.js, MathJax or Mermaid from a CDN. -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style>
  body.jp-Notebook { max-width: 1100px; margin: 0 auto; padding: 1em 2em; }
  .jp-OutputArea-output pre { white-space: pre-wrap; }
</style>
{%- endblock extra_css -%}
"""


def fail(message: str) -> None:
    print(f"render_reports: error: {message}", file=sys.stderr)


def notebooks() -> list[Path]:
    """The numbered reference notebooks, in order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def kernel_dir(base: Path) -> Path:
    """A kernelspec that runs this interpreter, so the notebooks see the same installed package."""
    spec = base / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=CRITICAL"],  # no transport/shutdown chatter on the terminal
        "display_name": "framing-analysis (render)", "language": "python"}), encoding="utf-8")
    return base


def strip_timing(nb) -> None:
    """Drop run times and papermill's bookkeeping, so the same article renders to the same bytes."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill gives it a random id


def combine(executed: list, slug: str, title: str, source: str):
    """One notebook of every executed notebook's cells, without hidden checks and parameter cells."""
    import nbformat

    intro = (f"# Framing report: {title}\n\n"
             f"Source file: `{source}`. The sections below are the suite's notebooks 01–{len(executed):02d}, "
             "run on this article with `scripts/render_reports.py`; the code is in "
             "`reports/" + slug + "/*.ipynb`, the charts in `figures/`.")
    metadata = {"title": f"Framing report: {title}"}
    for key in ("kernelspec", "language_info"):
        if executed[0].metadata.get(key):
            metadata[key] = executed[0].metadata[key]
    combined = nbformat.v4.new_notebook(metadata=metadata)
    combined.cells.append(nbformat.v4.new_markdown_cell(intro))
    for nb in executed:
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if tags & DROP_TAGS or ("reference-article" in tags and slug != REFERENCE_SLUG):
                continue
            if cell.cell_type == "code" and not cell.get("outputs"):
                continue
            combined.cells.append(cell)
    for number, cell in enumerate(combined.cells):  # unique and the same on every run
        cell.id = f"report-{number:03d}"
    return combined


def to_html(nb) -> str:
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="report.html.j2", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            extra_loaders=[jinja2.DictLoader({"report.html.j2": REPORT_TEMPLATE})])
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": nb.metadata.get("title", "report")}})
    return body


def render(article: Path, slug: str, out_dir: Path, kernels: Path, timeout: int) -> Path:
    """Run every notebook on ``article``; write ``out_dir/slug`` atomically. Returns the report folder."""
    import nbformat
    import papermill

    from analysis.output import replace_dir
    from analysis.reader import read_article

    title = read_article(article).title or slug
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / slug
    tmp = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=out_dir))
    try:
        executed = []
        for source in notebooks():
            target = tmp / source.name
            started = time.monotonic()
            papermill.execute_notebook(
                str(source), str(target), cwd=str(NOTEBOOKS), kernel_name=KERNEL, progress_bar=False,
                parameters={"ARTICLE": str(article), "FIGURES": str(tmp / "figures")},
                request_save_on_cell_execute=False, execution_timeout=timeout)
            nb = nbformat.read(target, as_version=4)
            original = nbformat.read(source, as_version=4)
            nb.metadata["kernelspec"] = original.metadata.get("kernelspec", {})
            strip_timing(nb)
            for cell in nb.cells:  # record where the figures end up, not the temporary folder
                if "injected-parameters" in cell.metadata.get("tags", []):
                    # paths inside the project as seen from notebooks/, so every clone renders the same bytes
                    cell.source = cell.source.replace(str(tmp), str(final)).replace(str(ROOT) + os.sep, "../")
            nbformat.write(nb, target)
            executed.append(nb)
            print(f"  {source.name}: {time.monotonic() - started:.0f} s", file=sys.stderr)
        html = to_html(combine(executed, slug, title, article.name))
        (tmp / "report.html").write_text(html, encoding="utf-8")
        os.chmod(tmp, 0o755)
        replace_dir(tmp, final, marker="report.html")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="render_reports.py", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders (default: seeds/)")
    parser.add_argument("--out", default=str(ROOT / "reports"), help="output folder (default: reports/)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per notebook cell")
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from analysis.cli import collect_inputs
    from analysis.errors import FramingError
    from analysis.reader import read_article, slugify

    try:
        files = collect_inputs(args.paths or [str(ROOT / "seeds")])
    except FramingError as exc:
        fail(str(exc))
        return 2
    if not notebooks():
        fail(f"no numbered notebooks in {NOTEBOOKS}")
        return 2
    out_dir = Path(args.out).resolve()
    if out_dir == NOTEBOOKS or NOTEBOOKS in out_dir.parents:
        fail("--out must not be inside notebooks/ (the reference notebooks are never overwritten)")
        return 2

    failed, slugs = 0, {}
    with tempfile.TemporaryDirectory(prefix="framing-kernel-") as kernels:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(kernel_dir(Path(kernels))),
                                                      *filter(None, [os.environ.get("JUPYTER_PATH")])])
        for path in files:
            path = Path(path).resolve()
            try:
                read_article(path)  # a bad file fails here in one line, before any kernel starts
            except FramingError as exc:
                fail(str(exc))
                failed += 1
                continue
            slug = slugify(path.stem)
            slugs[slug] = slugs.get(slug, 0) + 1
            if slugs[slug] > 1:
                slug = f"{slug}-{slugs[slug]}"
            print(f"rendering {path.name} → {Path(args.out) / slug}", file=sys.stderr)
            try:
                target = render(path, slug, out_dir, Path(kernels), args.timeout)
            except Exception as exc:  # a notebook failed: papermill's message names the cell
                first = str(exc).strip().splitlines()
                reason = next((line for line in reversed(first) if line.strip()), type(exc).__name__)
                fail(f"{path.name}: {type(exc).__name__}: {reason}")
                failed += 1
                continue
            print(target / "report.html")
    return 2 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
