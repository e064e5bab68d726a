"""The notebook suite: paired with its jupytext sources, committed executed, parameterised, and
stopping with one clear line on a bad file. Plus the helpers in analysis/notebook.py and the
report renderer's command line."""
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import notebook as nbh

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
PARAMETERS = ["ARTICLE", "SIDES", "SENTIMENT", "STANCE", "FIGURES"]
IDS = [p.stem for p in NOTEBOOKS]




def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


def test_the_suite_is_complete():
    assert [p.name[:3] for p in NOTEBOOKS] == ["01-", "02-", "03-", "04-", "05-", "06-", "07-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_ipynb_matches_its_jupytext_source(path):
    import jupytext

    source = path.with_suffix(".py")
    assert source.exists(), f"{source.name} missing: pair it with `jupytext --set-formats ipynb,py:percent`"
    from_py, from_ipynb = jupytext.read(source), jupytext.read(path)
    assert [(c.cell_type, c.source) for c in from_py.cells] == [(c.cell_type, c.source) for c in from_ipynb.cells]
    assert [sorted(tags(c)) for c in from_py.cells] == [sorted(tags(c)) for c in from_ipynb.cells]
    assert from_ipynb.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_question_first_then_parameters(path):
    nb = nbformat.read(path, as_version=4)
    first, second = nb.cells[0], nb.cells[1]
    assert first.cell_type == "markdown" and first.source.startswith("# " + path.name[:2])
    assert "**Question:" in first.source
    assert second.cell_type == "code" and "parameters" in tags(second)
    assigned = re.findall(r"^([A-Z_]+) =", second.source, re.M)
    assert assigned[:5] == PARAMETERS
    assert 'ARTICLE = "../seeds/learning-from-zhanaozen.txt"' in second.source
    assert "SIDES = None" in second.source and "FIGURES = None" in second.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_executed_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    cells = code_cells(nb)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1)), "execute from a fresh kernel"
    text = "\n".join(c.source for c in cells)
    assert "%matplotlib inline" in text
    assert "sys.path" not in text, "import the installed package, no sys.path hacks"
    assert "NBVAL_IGNORE_OUTPUT" not in text
    assert not [c for c in nb.cells if "execution" in c.metadata], "execution timestamps: run with record_timing=False"
    for cell in cells:
        assert not cell.source.rstrip().endswith(";"), "a trailing ; breaks nbval (nbval#194)"
        for out in cell.outputs:
            assert out.output_type != "error", cell.source[:80]
            assert not (out.output_type == "stream" and out.name == "stderr"), out.get("text", "")[:200]
            assert "image/svg+xml" not in out.get("data", {}), "keep inline figures as PNG"
            blob = json.dumps(out.get("data", {})) + out.get("text", "")
            assert "/tmp/" not in blob and "Warning" not in blob
        if "remove-cell" in tags(cell):
            assert not cell.outputs, "a check cell prints nothing"
    # every chart shows up as a PNG, and the notebook ends with a chart and its reading
    charts = [c for c in cells if "charts." in c.source and "fig, ax" in c.source]
    assert charts
    for cell in charts:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source[:80]
        assert "FIGURES" in cell.source and "save_figure" in cell.source
    last_chart = nb.cells.index(charts[-1])
    reading = [c for c in nb.cells[last_chart:] if c.cell_type == "code" and "Markdown(" in c.source]
    assert reading and any("text/markdown" in o.get("data", {}) for o in reading[0].outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_reference_prose_is_checked(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if "reference-article" in tags(cell):
            assert cell.cell_type == "markdown"
            check = nb.cells[i + 1]
            assert "remove-cell" in tags(check) and 'learning-from-zhanaozen"' in check.source
            assert "assert" in check.source


def test_figure_names_are_unique():
    names = []
    for path in NOTEBOOKS:
        names += re.findall(r'save_figure\(fig, f"\{FIGURES\}/([^"]+)"\)', path.with_suffix(".py").read_text())
    assert len(names) == len(set(names)) and all(re.match(r"^\d\d-[a-z-]+$", n) for n in names)


# ---------------------------------------------------------------------------------------------
# Running a notebook with papermill: a bad file stops with one line; FIGURES writes the charts

@pytest.fixture(scope="module")
def kernel(tmp_path_factory, load_script):
    """A kernelspec for this interpreter, as scripts/render_reports.py uses."""
    script = load_script("render_reports")
    base = script.kernel_dir(tmp_path_factory.mktemp("kernels"))
    mp = pytest.MonkeyPatch()
    mp.setenv("JUPYTER_PATH", str(base))
    yield script.KERNEL
    mp.undo()


def run_01(kernel, tmp_path, **parameters):
    import papermill

    out = tmp_path / "out.ipynb"
    try:
        papermill.execute_notebook(str(ROOT / "notebooks" / "01-read-the-article.ipynb"), str(out),
                                   parameters=parameters, cwd=str(ROOT / "notebooks"), kernel_name=kernel,
                                   progress_bar=False)
        error = None
    except papermill.PapermillExecutionError as exc:
        error = exc
    return nbformat.read(out, as_version=4), error


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00"], ids=["empty", "binary"])
def test_bad_file_stops_with_one_clear_line(kernel, tmp_path, content):
    bad = tmp_path / "bad-article.txt"
    bad.write_bytes(content)
    nb, error = run_01(kernel, tmp_path, ARTICLE=str(bad))
    assert error is not None and error.ename == "NotebookStop"
    (failed,) = [o for c in code_cells(nb) for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(failed.traceback) == 1
    line = failed.traceback[0]
    assert line.startswith("Stopped: ") and "bad-article.txt" in line and len(line) < 200
    assert "empty" in line if not content else "binary" in line


def test_figures_parameter_saves_png_and_svg(kernel, tmp_path):
    nb, error = run_01(kernel, tmp_path, FIGURES=str(tmp_path / "figures"))
    assert error is None
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == \
        ["01-sentiment-by-paragraph.png", "01-sentiment-by-paragraph.svg"]


# ---------------------------------------------------------------------------------------------
# scripts/render_reports.py

def test_render_reports_bad_path_one_line(tmp_path):
    for bad in [tmp_path / "missing.txt", tmp_path / "empty.txt"]:
        if bad.name == "empty.txt":
            bad.write_text("")
        run = subprocess.run([sys.executable, str(ROOT / "scripts" / "render_reports.py"), str(bad),
                              "--out", str(tmp_path / "reports")], capture_output=True, text=True, timeout=120)
        assert run.returncode != 0
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("render_reports: error:") and bad.name in lines[0]
        assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def test_render_reports_refuses_to_write_into_notebooks(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "render_reports.py"),
                          str(ROOT / "seeds"), "--out", str(ROOT / "notebooks" / "x")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "notebooks/" in run.stderr


def test_combine_drops_checks_parameters_and_other_articles_prose(load_script):
    script = load_script("render_reports")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 · x\n\n**Question: y?**"),
                nbformat.v4.new_code_cell("ARTICLE = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("ARTICLE = 2", metadata={"tags": ["injected-parameters"]}),
                nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("stream", text="shown")]),
                nbformat.v4.new_code_cell("import pandas"),
                nbformat.v4.new_markdown_cell("On the reference article …", metadata={"tags": ["reference-article"]}),
                nbformat.v4.new_code_cell("assert True", metadata={"tags": ["remove-cell"]})]
    other = script.combine([nb], "some-article", "Some Article", "some-article.txt")
    kept = [c.source for c in other.cells[1:]]
    assert kept == ["# 01 · x\n\n**Question: y?**", "x"]
    assert other.cells[0].source.startswith("# Framing report: Some Article")
    reference = script.combine([nb], script.REFERENCE_SLUG, "T", "t.txt")
    assert "On the reference article …" in [c.source for c in reference.cells]
    html = script.to_html(other)
    assert "shown" in html and "import pandas" not in html and "cdnjs" not in html and "<script src" not in html


# ---------------------------------------------------------------------------------------------
# analysis/notebook.py helpers

def test_listing_and_sign():
    assert nbh.listing([]) == "none" and nbh.listing(["a"]) == "a" and nbh.listing(["a", "b", "c"]) == "a, b and c"
    assert [nbh.sign(v) for v in (0.2, -0.01, 0.0, None, float("nan"))] == [1, -1, 0, None, None]
    assert nbh.sign(0.05, 0.1) == 0 and nbh.sign(-0.2, 0.1) == -1


def test_summary_table_from_mappings_and_folders(tmp_path):
    summary = {"slug": "a", "title": "A", "author_side": "government", "n_paragraphs": 3, "n_attributions": 4,
               "sides": {"government": {"net_stance": 0.5, "n_paragraphs": 2, "n_mentions": 5,
                                        "agent_of_harm_share": 0.2, "patient_of_harm_share": 0.0},
                         "protesters": {"net_stance": None, "n_paragraphs": 0, "n_mentions": 0,
                                        "agent_of_harm_share": None, "patient_of_harm_share": None}}}
    attributions = pd.DataFrame({"cue_class": ["factive", "factive", "neutral", "discrediting"]})
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "article.json").write_text(json.dumps({**summary, "slug": "b"}))
    attributions.iloc[:1].to_csv(folder / "attributions.csv", index=False)
    table = nbh.summary_table([{"summary": summary, "attributions": attributions}, folder])
    assert list(table["slug"]) == ["a", "b"]
    assert table.loc[0, "net_stance_government"] == 0.5 and pd.isna(table.loc[0, "net_stance_protesters"])
    assert table.loc[0, "cue_factive"] == 0.5 and table.loc[0, "cue_discrediting"] == 0.25
    assert table.loc[1, "cue_factive"] == 1.0 and table.loc[1, "agent_share_government"] == 0.2
    assert list(table.columns[:5]) == ["slug", "title", "author_side", "n_paragraphs", "n_attributions"]
    with pytest.raises(nbh.FramingError):
        nbh.summary_table([tmp_path])


def test_sign_confusion_and_backend_disagreements():
    stance = pd.DataFrame({
        "doc": ["d"] * 8, "paragraph": [1, 2, 3, 4] * 2, "side": ["government"] * 8,
        "gold": [1, -1, 0, None] * 2,
        "pred": [0.5, 0.2, None, 0.3, -0.4, -0.6, 0.0, None],
        "backend": ["rules"] * 4 + ["minilm"] * 4,
    })
    confusion = nbh.sign_confusion(stance[stance["backend"] == "rules"])
    assert list(confusion.index) == ["-1", "0", "+1"] and list(confusion.columns) == ["-1", "0", "+1", "absent"]
    assert confusion.loc["+1", "+1"] == 1 and confusion.loc["-1", "+1"] == 1 and confusion.loc["0", "absent"] == 1
    assert int(confusion.to_numpy().sum()) == 3  # the unlabelled paragraph is left out
    disagree = nbh.backend_disagreements(stance, "rules", "minilm")
    assert list(disagree["paragraph"]) == [1, 2, 3]
    assert list(disagree["right"]) == ["rules", "minilm", "minilm"]


def test_unassigned_labels():
    text = "The perpetrators and the rioters fled; looting ended."
    paragraphs = pd.DataFrame({"paragraph": [1], "text": [text]})
    start = text.index("the rioters")
    mentions = pd.DataFrame({"paragraph": [1], "start": [start], "end": [start + 11]})  # a side mention
    found = nbh.unassigned_labels(paragraphs, mentions, {"perpetrator": -0.8, "rioter": -0.5, "loot": -0.7})
    assert list(found["word"]) == ["perpetrators"] and found.loc[0, "valence"] == -0.8
    # a label the suite attached to a mention outside its span ("the crowd was unarmed") is not loose
    paragraphs = pd.DataFrame({"paragraph": [1], "text": ["The crowd was unarmed."]})
    mentions = pd.DataFrame({"paragraph": [1], "start": [0], "end": [9], "labels": ["unarmed +0.6"]})
    assert nbh.unassigned_labels(paragraphs, mentions, {"unarmed": 0.6}).empty


def _article(title, author, date, outlet, *body):
    return "\n\n".join([title, f"By {author}", date, outlet, *body]) + "\n"


COMPARE_TEXTS = {
    "port-strike.txt": _article(
        "Port Strike Spreads", "Lena Marlow", "March 3, 2019", "The Valley Post",
        'Dockworkers blocked the port gates on Monday. "We will stay until wages are paid," said union leader '
        "Ines Novak.",
        "Police said officers used tear gas after protesters threw stones. According to hospital records, nine "
        "people were injured."),
    "port-talks.txt": _article(
        "Talks Collapse at the Port", "Lena Marlow", "June 10, 2019", "The Valley Post",
        "The minister claimed the strikers had refused a fair offer. Union members denied the claim.",
        "Riot police beat and detained three peaceful strikers near the gates, witnesses said."),
    "city-march.txt": _article(
        "Thousands March in Dunmere", "Ari Holt", "January 15, 2020", "The Harbour Times",
        "The government praised the marchers, and the march through the square was peaceful, officials said."),
}


def test_corpus_summary_reads_a_parquet_corpus(tmp_path):
    from analysis.corpus import Options, run

    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in COMPARE_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    files = sorted(folder.iterdir())
    report = run(files, tmp_path / "corpus", Options(), fmt="parquet", quiet=True)
    assert report.scored == 3 and not report.skipped

    table = nbh.corpus_summary(tmp_path / "corpus")
    assert list(table["slug"]) == ["city-march", "port-strike", "port-talks"]
    assert list(table["outlet"]) == ["The Harbour Times", "The Valley Post", "The Valley Post"]
    assert list(table["date"]) == ["2020-01-15", "2019-03-03", "2019-06-10"]
    # the same rows as summary_table over the same articles scored one by one, plus outlet and date
    scored, skipped = nbh.score_many(files)
    assert not skipped
    pd.testing.assert_frame_equal(table.drop(columns=["outlet", "date"]), nbh.summary_table(scored),
                                  check_dtype=False)
    cues = table[[f"cue_{c}" for c in nbh.CUE_CLASSES]]
    assert (table["n_attributions"] > 0).all() and ((cues.sum(axis=1) - 1).abs() < 1e-3).all()

    by_outlet = nbh.stance_by(table, table["outlet"])
    assert list(by_outlet.index) == ["The Harbour Times", "The Valley Post"]
    assert list(by_outlet["articles"]) == [1, 2]
    for side in ("government", "protesters"):
        values = table[f"net_stance_{side}"]
        post = values[table["outlet"] == "The Valley Post"]
        assert by_outlet.loc["The Valley Post", f"articles_{side}"] == post.notna().sum()
        assert by_outlet.loc["The Valley Post", f"net_stance_{side}"] == pytest.approx(post.mean(), nan_ok=True)
        assert by_outlet.loc["The Harbour Times", f"net_stance_{side}"] == pytest.approx(values[0], nan_ok=True)

    periods, unit = nbh.article_periods(table["date"])  # 10 months apart: by month
    assert unit == "month" and list(periods) == ["2020-01", "2019-03", "2019-06"]
    assert list(nbh.stance_by(table, periods)["articles"]) == [1, 1, 1]


def test_corpus_summary_edge_cases(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pytest.raises(nbh.FramingError, match="articles.parquet"):
        nbh.corpus_summary(tmp_path)
    pq.write_table(pa.table({"slug": ["a", "b"], "title": ["A", None], "outlet": ["X", None],
                             "date": ["2001-02-03", None], "author_side": ["", "government"],
                             "n_paragraphs": [2, 1], "n_attributions": [0, 0],
                             "net_stance_government": [0.5, None], "n_paragraphs_government": [1, 0],
                             "net_stance_government__minilm": [0.1, None]}), tmp_path / "articles.parquet")
    pq.write_table(pa.table({"slug": pa.array([], pa.string())}), tmp_path / "attributions.parquet")  # none at all
    table = nbh.corpus_summary(tmp_path)
    assert list(table.columns[:7]) == ["slug", "title", "outlet", "date", "author_side", "n_paragraphs",
                                       "n_attributions"]
    assert list(table["title"]) == ["A", ""] and list(table["outlet"]) == ["X", ""] and list(table["date"]) == \
        ["2001-02-03", ""]
    assert table.loc[0, "net_stance_government"] == 0.5 and pd.isna(table.loc[1, "net_stance_government"])
    assert table.loc[0, "paragraphs_government"] == 1 and pd.isna(table.loc[0, "mentions_government"])
    assert "net_stance_government__minilm" not in table.columns  # the first stance backend only
    assert list(table["cue_factive"]) == [0.0, 0.0]
    periods, unit = nbh.article_periods(["2001-02-03", None, "", "May 2012", "2004-07-01"])
    assert unit == "year" and list(periods) == ["2001", nbh.UNDATED, nbh.UNDATED, nbh.UNDATED, "2004"]


def test_usable_backends_leaves_out_a_missing_extra(monkeypatch, capsys):
    from analysis.notebook import usable_backends

    assert usable_backends(["rules"]) == ["rules"]
    monkeypatch.setitem(sys.modules, "transformers", None)  # as if the extra were not installed
    assert usable_backends(["rules", "minilm"]) == ["rules"]
    out = capsys.readouterr().out
    assert "left out the 'minilm' stance backend" in out and "transformers" in out
    assert usable_backends(["minilm"]) == ["rules"]
