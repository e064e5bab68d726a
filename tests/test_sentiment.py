"""Sentiment backends: the vader default with word evidence, and the transformers path on a local model."""
import json

import pytest

from analysis.errors import BackendError
from analysis.sentiment import SENTIMENT, get_sentiment, label_value


def test_registry_names():
    assert {"vader", "transformers"} <= set(SENTIMENT.names)
    with pytest.raises(BackendError, match="unknown sentiment backend 'textblob'"):
        get_sentiment("textblob")
    with pytest.raises(BackendError, match="needs a model"):
        get_sentiment("transformers")


@pytest.mark.parametrize("text,sign", [
    ("The peaceful march ended with smiles and music.", 1),
    ("Rioters burned cars and killed two guards.", -1),
    ("The committee meets on Tuesday.", 0),
])
def test_vader_sign(text, sign):
    (scored,) = get_sentiment("vader").score([text])
    assert -1 <= scored.score <= 1
    assert (scored.score > 0.05) - (scored.score < -0.05) == sign


def test_vader_evidence_words_and_offsets():
    text = "Police praised the brave volunteers but condemned the violence."
    (scored,) = get_sentiment("vader").score([text])
    words = {c.text: c for c in scored.evidence}
    assert {"praised", "brave", "condemned", "violence"} <= set(words)
    assert words["violence"].weight < 0 < words["brave"].weight
    for cue in scored.evidence:
        assert text[cue.start:cue.end] == cue.text
        assert "vader valence" in cue.detail


def test_vader_negation_flips_evidence():
    (scored,) = get_sentiment("vader").score(["The guards were not violent."])
    (cue,) = [c for c in scored.evidence if c.text == "violent"]
    assert cue.weight > 0 and "negated" in cue.detail


@pytest.mark.parametrize("label,n,i,value", [
    ("negative", 3, 0, -1.0), ("NEUTRAL", 3, 1, 0.0), ("Positive", 3, 2, 1.0), ("1 star", 5, 0, -1.0),
    ("3 stars", 5, 2, 0.0), ("5 stars", 5, 4, 1.0), ("LABEL_0", 2, 0, -1.0), ("LABEL_2", 3, 2, 1.0),
])
def test_label_value(label, n, i, value):
    assert label_value(label, n, i) == value


def test_label_value_unknown():
    from analysis.errors import BackendError

    with pytest.raises(BackendError, match="cannot map label 'LABEL_3'"):
        label_value("LABEL_3", 4, 3)


# --- transformers path on a tiny model the test builds and saves itself -----------------------

transformers = pytest.importorskip("transformers")
torch = pytest.importorskip("torch")


def _tiny_classifier(path, labels):
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "police", "the", "."]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, num_labels=len(labels),
                        id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)})
    model = BertForSequenceClassification(config)
    model.save_pretrained(path, safe_serialization=True)
    tokenizer.save_pretrained(path)
    return path


@pytest.mark.parametrize("labels", [["negative", "neutral", "positive"], [f"{i} stars" for i in range(1, 6)]])
def test_transformers_backend_local_folder(tmp_path, labels):
    folder = _tiny_classifier(tmp_path / "model", labels)
    backend = get_sentiment(f"transformers:{folder}")
    results = backend.score(["the police .", "good", "bad bad"])
    assert len(results) == 3
    for scored in results:
        assert -1 <= scored.score <= 1
        (cue,) = scored.evidence
        assert any(label in cue.detail for label in labels)
    assert results == backend.score(["the police .", "good", "bad bad"])  # deterministic


def test_transformers_refuses_pickle_only_folder(tmp_path):
    folder = tmp_path / "pickled"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "bert"}))
    (folder / "pytorch_model.bin").write_bytes(b"not really")
    with pytest.raises(BackendError, match="refusing to load a model without safetensors"):
        get_sentiment(f"transformers:{folder}")


def test_transformers_hub_id_offline_fails_fast(monkeypatch):
    import time

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    began = time.monotonic()
    with pytest.raises(BackendError, match="pass the local folder"):
        get_sentiment("transformers:some-org/some-sentiment-model")
    assert time.monotonic() - began < 5
