"""Training rows from labelled articles: dev gold documents (never held-out ones or the articles in
seeds/) and the training articles of data/stance/articles/."""
from pathlib import Path

import pandas as pd
import pytest

from analysis.stance_models import parse_spans

ATTRIBUTIONS = "paragraph,source,cue,cue_lemma,cue_class,kind,source_side,content\n"


def _doc(root: Path, name: str, path: str, split: str | None, text: str, stance: str | None) -> str:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    if stance is not None:  # a held-out document gets no label files: reading them would fail
        (root / "gold" / f"{name}.stance.csv").write_text("paragraph,government,protesters,note\n" + stance)
        (root / "gold" / f"{name}.attributions.csv").write_text(ATTRIBUTIONS)
    return f"  - name: {name}\n    path: {path}\n" + (f"    split: {split}\n" if split else "") + "    register: test\n"


def test_rows_come_from_dev_documents_outside_seeds_with_the_paragraph_label(tmp_path, load_script):
    (tmp_path / "gold").mkdir()
    entries = [
        _doc(tmp_path, "dev-a", "texts/a.txt", "dev",
             "Police beat the marchers near the bridge. The weather was cold.\n\n"
             "The strikers blocked the port. Ships waited offshore.\n\n"
             "Officers watched the strikers leave.\n",
             "1,-1,1,police beat marchers\n2,,-1,blockade\n3,,0,government left unlabelled\n"),
        _doc(tmp_path, "held", "texts/b.txt", "heldout", "Police arrested the strikers.\n", None),
        _doc(tmp_path, "the-seed", "seeds/c.txt", "dev", "Police arrested the strikers.\n", "1,1,-1,x\n"),
    ]
    (tmp_path / "gold" / "manifest.yaml").write_text("documents:\n" + "".join(entries))
    rows = load_script("article_sentences").build(tmp_path / "gold", tmp_path)
    assert {r["doc"] for r in rows} == {"dev-a"} and {r["source"] for r in rows} == {"dev-gold"}
    got = {(r["paragraph"], r["target"], r["label"], r["text"]) for r in rows}
    assert got == {
        (1, "government", -1, "Police beat the marchers near the bridge."),
        (1, "protesters", 1, "Police beat the marchers near the bridge."),
        (2, "protesters", -1, "The strikers blocked the port."),
        (3, "protesters", 0, "Officers watched the strikers leave."),
    }
    words = {(r["paragraph"], r["target"]): [r["text"][a:b] for a, b in parse_spans(r["spans"])] for r in rows}
    assert words == {(1, "government"): ["Police"], (1, "protesters"): ["the marchers"],
                     (2, "protesters"): ["The strikers"], (3, "protesters"): ["the strikers"]}


def test_each_row_places_its_sentence_in_its_paragraph(tmp_path, load_script):
    """``offset`` and ``context``: the head reads each sentence's side in its paragraph too."""
    (tmp_path / "gold").mkdir()
    text = "The weather was cold. Police beat the marchers near the bridge.\n\nThe strikers left.\n"
    entries = [_doc(tmp_path, "dev-a", "texts/a.txt", "dev", text, "1,-1,1,beaten\n2,,0,left\n")]
    (tmp_path / "gold" / "manifest.yaml").write_text("documents:\n" + "".join(entries))
    rows = load_script("article_sentences").build(tmp_path / "gold", tmp_path)
    first = [r for r in rows if r["paragraph"] == 1]
    assert {r["context"] for r in first} == {"The weather was cold. Police beat the marchers near the bridge."}
    for r in rows:
        assert r["context"][r["offset"]:r["offset"] + len(r["text"])] == r["text"]
        for a, b in parse_spans(r["spans"]):  # the spans shift with the sentence
            assert r["context"][r["offset"] + a:r["offset"] + b] == r["text"][a:b]
    assert {r["offset"] for r in first} == {len("The weather was cold. ")}


def test_the_shipped_article_rows_sit_at_their_offsets_in_the_shipped_paragraphs():
    root = Path(__file__).resolve().parents[1] / "data" / "stance"
    rows = pd.read_csv(root / "article_sentences.csv", keep_default_na=False)
    paragraphs = pd.read_csv(root / "article_paragraphs.csv", keep_default_na=False)
    assert not paragraphs.duplicated(["doc", "paragraph"]).any()
    text = {(d, int(p)): t for d, p, t in zip(paragraphs["doc"], paragraphs["paragraph"], paragraphs["text"])}
    assert set(text) == {(d, int(p)) for d, p in zip(rows["doc"], rows["paragraph"])}
    for r in rows.itertuples():
        para, offset = text[(r.doc, int(r.paragraph))], int(r.offset)
        assert para[offset:offset + len(r.text)] == r.text, (r.doc, r.paragraph, r.sentence)
    # the backend reads a longer paragraph as a window (stance_models.context_window); the head
    # was trained on whole paragraphs, so none of them may be longer
    from analysis.stance_models import CONTEXT_CHARS

    assert max(len(t) for t in text.values()) <= CONTEXT_CHARS


def test_invented_sentences_get_the_spans_of_their_target(load_script):
    one, none = "Officers chased the strikers into the yard.", "It rained all day in the valley."
    two = "It rained all day. Then officers chased the strikers into the yard."  # two sentences, one row
    frame = pd.DataFrame({"text": [one, none, two] * 2, "target": ["government"] * 3 + ["protesters"] * 3})
    rows = load_script("article_sentences").invented_spans(frame)
    got = {(r["text"], r["target"]): [r["text"][a:b] for a, b in parse_spans(r["spans"])] for r in rows}
    assert got == {(one, "government"): ["Officers"], (one, "protesters"): ["the strikers"],
                   (none, "government"): [], (none, "protesters"): [],
                   (two, "government"): ["officers"], (two, "protesters"): ["the strikers"]}


def test_a_gold_entry_without_a_split_is_an_error(tmp_path, load_script):
    (tmp_path / "gold").mkdir()
    entry = _doc(tmp_path, "nosplit", "texts/a.txt", None, "Police arrested the strikers.\n", "1,0,0,x\n")
    (tmp_path / "gold" / "manifest.yaml").write_text("documents:\n" + entry)
    with pytest.raises(ValueError, match="nosplit.*no split"):
        load_script("article_sentences").build(tmp_path / "gold", tmp_path)


def test_training_articles_are_read_from_their_manifests(tmp_path, load_script):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "t1.txt").write_text("The nurses marched to the square. Officers blocked the road.\n\n"
                                   "Nobody spoke about the weather.\n")
    (folder / "t1.stance.csv").write_text("paragraph,government,protesters,note\n1,-1,1,x\n2,,,none\n")
    (folder / "manifest-x.yaml").write_text("- name: t1\n  path: articles/t1.txt\n  register: test\n")
    (folder / "notes.yaml").write_text("- name: ignored\n  path: articles/missing.txt\n")  # not a manifest-*.yaml
    rows = load_script("article_sentences").build_articles(folder, tmp_path)
    assert {(r["source"], r["doc"], r["paragraph"], r["target"], r["label"], r["text"]) for r in rows} == {
        ("training-article", "t1", 1, "government", -1, "Officers blocked the road."),
        ("training-article", "t1", 1, "protesters", 1, "The nurses marched to the square."),
    }
