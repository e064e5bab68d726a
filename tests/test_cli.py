"""The framing CLI and the output contract: files, columns, atomic writes, bad input, determinism."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.score import (ATTRIBUTION_COLUMNS, EVIDENCE_COLUMNS, MENTION_COLUMNS, SENTENCE_COLUMNS)

ARTICLE = """Harbour Strike Enters Second Week

By Tomas Reyes

June 2, 2018

Northern Courier

Dockworkers blocked the port gates on Monday. "We will stay until wages are paid," said union leader Ines Mora.

Police said officers used tear gas after protesters threw stones. The mayor called the strike illegal.

According to hospital records, nine people were injured.
"""


def run(*args):
    return main(list(args))


def test_score_writes_contract(write, tmp_path, capsys):
    path = write("harbour-strike.txt", ARTICLE)
    out = tmp_path / "out"
    assert run("score", path, "--out", str(out), "--quiet") == 0
    folder = out / "harbour-strike"
    assert sorted(p.name for p in folder.iterdir()) == [
        "article.json", "attributions.csv", "evidence.csv", "mentions.csv", "paragraphs.csv", "sentences.csv"]
    meta = json.loads((folder / "article.json").read_text())
    assert meta["title"] == "Harbour Strike Enters Second Week"
    assert meta["author"] == "Tomas Reyes" and meta["date"] == "2018-06-02" and meta["outlet"] == "Northern Courier"
    assert meta["n_paragraphs"] == 3
    assert meta["backends"]["sentiment"] == "vader" and meta["package_version"]
    paragraphs = pd.read_csv(folder / "paragraphs.csv")
    assert list(paragraphs.columns[:4]) == ["paragraph", "text", "n_sentences", "sentiment"]
    assert {"stance_government", "stance_protesters"} <= set(paragraphs.columns)
    assert paragraphs["paragraph"].tolist() == [1, 2, 3]
    assert paragraphs["sentiment"].between(-1, 1).all()
    sentences = pd.read_csv(folder / "sentences.csv", keep_default_na=False)
    assert list(sentences.columns) == SENTENCE_COLUMNS
    for row in sentences.itertuples():  # offsets point into the paragraph text
        assert paragraphs.loc[paragraphs.paragraph == row.paragraph, "text"].iloc[0][row.start:row.end] == row.text
    evidence = pd.read_csv(folder / "evidence.csv", keep_default_na=False)
    assert list(evidence.columns) == EVIDENCE_COLUMNS
    assert {"sentiment", "attribution", "stance"} <= set(evidence["measure"])
    assert list(pd.read_csv(folder / "attributions.csv").columns) == ATTRIBUTION_COLUMNS
    assert list(pd.read_csv(folder / "mentions.csv").columns) == MENTION_COLUMNS
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp folders left


def test_scoring_twice_is_byte_identical(write, tmp_path):
    path = write("twice.txt", ARTICLE)
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("score", path, "--out", str(a), "--quiet") == 0
    assert run("score", path, "--out", str(b), "--quiet") == 0
    for file in (a / "twice").iterdir():
        assert file.read_bytes() == (b / "twice" / file.name).read_bytes(), file.name


def test_python_api_matches_contract(write):
    from analysis import score_article

    scores = score_article(write("api.txt", ARTICLE))
    assert list(scores.paragraphs.columns[:4]) == ["paragraph", "text", "n_sentences", "sentiment"]
    assert list(scores.sentences.columns) == SENTENCE_COLUMNS
    assert list(scores.evidence.columns) == EVIDENCE_COLUMNS
    assert len(scores.paragraphs) == 3


def test_folder_input_and_progress(tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "one.txt").write_text("Workers marched through the city.\n")
    (folder / "two.md").write_text("Officials said the march was peaceful.\n")
    (folder / "notes.csv").write_text("not,an,article\n")
    assert run("score", str(folder), "--out", str(tmp_path / "out")) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["one", "two"]
    assert "article" in capsys.readouterr().err  # tqdm progress bar on stderr


@pytest.mark.parametrize("setup,message", [
    (lambda d: d / "missing.txt", "missing.txt: no such file"),
    (lambda d: (d / "empty_dir").mkdir() or d / "empty_dir", "empty_dir: folder has no .txt or .md texts"),
    (lambda d: (d / "blank.txt").write_text("  \n\n ") and d / "blank.txt", "blank.txt: empty file"),
    (lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02binary") and d / "bin.txt", "bin.txt: binary"),
])
def test_bad_input_one_line_nonzero_no_output(tmp_path, capsys, setup, message):
    path = setup(tmp_path)
    out = tmp_path / "out"
    assert run("score", str(path), "--out", str(out)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[0]
    assert err[0].startswith("framing: error: ")
    assert not out.exists() or not any(out.iterdir())


def test_oversized_file_rejected(tmp_path, capsys, monkeypatch):
    import analysis.reader as reader

    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    path = tmp_path / "long.txt"
    path.write_text("The strike continued. " * 20)
    assert run("score", str(path), "--out", str(tmp_path / "out")) == 2
    assert "long.txt: file is 440 bytes, over the 100-byte limit" in capsys.readouterr().err


def test_one_bad_file_does_not_stop_the_others(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Protesters gathered outside the ministry.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    out = tmp_path / "out"
    assert run("score", str(bad), str(good), "--out", str(out), "--quiet") == 2
    assert (out / "good" / "paragraphs.csv").exists()
    assert not (out / "bad").exists()


def test_cp1251_warns_and_scores(tmp_path, capsys):
    path = tmp_path / "cyr.txt"
    path.write_bytes("Police said the strikers were peaceful. Заявление.\n".encode("cp1251"))
    assert run("score", str(path), "--out", str(tmp_path / "out"), "--quiet") == 0
    assert "cyr.txt: not valid UTF-8; decoded as cp1251" in capsys.readouterr().err


def test_unknown_backend_is_one_line(write, tmp_path, capsys):
    assert run("score", write("x.txt", ARTICLE), "--sentiment", "nope", "--out", str(tmp_path / "o")) == 2
    assert capsys.readouterr().err.strip() == (
        "framing: error: unknown sentiment backend 'nope'; choose one of: transformers:<model>, vader")


def test_python_dash_m_and_console_script(write, tmp_path):
    path = write("cli.txt", "Strikers marched to the square.\n")
    result = subprocess.run([sys.executable, "-m", "analysis", "score", path, "--out", str(tmp_path / "o"), "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "cli" / "article.json").exists()
    script = Path(sys.executable).with_name("framing")
    if script.exists():
        assert subprocess.run([str(script), "--version"], capture_output=True, text=True).stdout.startswith("framing ")
