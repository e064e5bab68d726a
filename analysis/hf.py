"""Safe loading of Hugging Face models: safetensors only, never remote code, never hang on the network.

Rules for every ``transformers:<model>`` and ``nli:<model>`` backend (and anything else that calls
:func:`resolve_model` and :func:`load_kwargs`):

* **Weights are safetensors only.** A folder (or hub repository) without ``*.safetensors`` files is
  refused, naming the pickle files it has; pickle weights (``pytorch_model.bin`` ...) are never
  loaded or downloaded. Each ``.safetensors`` header is checked, so a truncated or fake file is
  refused here with a clear message rather than failing deep inside ``from_pretrained``.
* **No downloaded code runs.** ``trust_remote_code=False`` in every ``from_pretrained`` call, and a
  model whose ``config.json`` needs custom code (``auto_map`` with a ``model_type`` transformers does
  not know) is refused up front.
* **Always a local folder.** :func:`resolve_model` returns a local folder, and :func:`load_kwargs`
  adds ``local_files_only=True``, so ``from_pretrained`` itself never touches the network.
* **A hub id** (``org/name``) is looked up in the local Hugging Face cache first (no network).
  If it is not cached:

  - with ``HF_HUB_OFFLINE=1`` (or ``TRANSFORMERS_OFFLINE=1``; ``make`` and the tests set it) the
    error comes at once and says how to pass a local folder instead;
  - otherwise the hub is asked once for the repository's file list, in a background thread
    bounded by ``FRAMING_HUB_TIMEOUT`` seconds (default 5). No network, a firewall that drops
    packets, or a hub that does not answer all end in the same clear error within that time,
    never a hang. Then only the safetensors, JSON and tokenizer files are downloaded.
"""
from __future__ import annotations

import json
import os
import re
import struct
import threading
from pathlib import Path

from .errors import BackendError, MissingExtraError

PICKLE_WEIGHTS = ("pytorch_model.bin", "tf_model.h5", "flax_model.msgpack", "model.ckpt.index")
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".h5", ".msgpack")
SAFE_PATTERNS = ["*.json", "*.safetensors", "*.txt", "*.model", "*.tiktoken"]
HUB_TIMEOUT_ENV = "FRAMING_HUB_TIMEOUT"
DEFAULT_HUB_TIMEOUT = 5.0
MAX_SAFETENSORS_HEADER = 100_000_000
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]{0,95}(?:/[A-Za-z0-9][\w.-]{0,95})?$")
_LOCAL_HELP = ("download it where you have internet (e.g. 'hf download {model} --local-dir DIR' or "
               "save_pretrained(..., safe_serialization=True)) and pass the local folder instead, "
               "e.g. 'transformers:/path/to/model' or 'nli:/path/to/model'")


def require_transformers():
    """Import transformers (and torch) or say which extra to install."""
    try:
        import torch  # noqa: F401
        import transformers
    except ImportError as exc:
        raise MissingExtraError(
            f"this backend needs the optional dependency {exc.name!r}: "
            "run 'pip install torch==2.13.0' and then 'pip install -e \".[transformers]\"' "
            "(or 'make install-transformers')"
        ) from exc
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()  # no "Loading weights" bar on the CLI's stderr
    return transformers


def resolve_model(model: str) -> str:
    """A checked local folder for ``model`` (a folder, or a hub id from the cache or the hub); see the module doc."""
    model = str(model)
    path = Path(model).expanduser()
    if path.is_dir():
        check_model_folder(path, model)
        return str(path)
    if path.exists():
        raise BackendError(f"{model}: is a file; pass the model's folder (with config.json and *.safetensors)")
    if model.startswith((".", "/", "~")) or "\\" in model or not _HUB_ID.match(model):
        raise BackendError(f"{model}: no such model folder")
    cached = _cached_snapshot(model)
    if cached is not None:
        check_model_folder(Path(cached), model)
        return cached
    if offline():
        raise BackendError(
            f"{model}: not in the local Hugging Face cache and HF_HUB_OFFLINE is set; "
            + _LOCAL_HELP.format(model=model)
        )
    return _download(model)


def offline() -> bool:
    """HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE, read now (and as huggingface_hub read them at import)."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on"):
            return True
    try:
        from huggingface_hub import constants
    except ImportError:
        return False
    return bool(getattr(constants, "HF_HUB_OFFLINE", False))


def hub_timeout() -> float:
    try:
        value = float(os.environ.get(HUB_TIMEOUT_ENV, DEFAULT_HUB_TIMEOUT))
    except ValueError:
        value = DEFAULT_HUB_TIMEOUT
    return value if value > 0 else DEFAULT_HUB_TIMEOUT


def _cached_snapshot(model: str) -> str | None:
    """The cached snapshot folder of a hub id, without any network access; None if not cached."""
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(model, local_files_only=True, allow_patterns=SAFE_PATTERNS)
    except Exception:  # not cached (LocalEntryNotFoundError and friends), or no huggingface_hub
        return None


def _hub_files(model: str, timeout: float) -> tuple[str, list[str]]:
    """(commit sha, file names) of a hub repository, or BackendError within about ``timeout`` seconds."""
    from huggingface_hub import HfApi

    result: dict = {}

    def ask():
        try:
            info = HfApi(endpoint=os.environ.get("HF_ENDPOINT") or None).model_info(model, timeout=timeout)
            result["info"] = info
        except BaseException as exc:  # handed to the caller's thread below
            result["error"] = exc

    worker = threading.Thread(target=ask, name=f"hub-probe-{model}", daemon=True)
    worker.start()
    worker.join(timeout + 1.0)
    if worker.is_alive():
        raise BackendError(f"{model}: the Hugging Face Hub did not answer within {timeout:g} s "
                           f"(no network?; {HUB_TIMEOUT_ENV} sets the limit); " + _LOCAL_HELP.format(model=model))
    error = result.get("error")
    if error is not None:
        kind = type(error).__name__
        if kind in ("RepositoryNotFoundError", "RevisionNotFoundError"):
            raise BackendError(f"{model}: no such model on the Hugging Face Hub (or it is private)") from error
        if kind == "GatedRepoError":
            raise BackendError(f"{model}: a gated model; accept its terms on the hub, download it, and "
                               "pass the local folder") from error
        raise BackendError(f"{model}: cannot reach the Hugging Face Hub ({kind}); "
                           + _LOCAL_HELP.format(model=model)) from error
    info = result["info"]
    return info.sha, [s.rfilename for s in (info.siblings or [])]


def _download(model: str) -> str:
    timeout = hub_timeout()
    sha, files = _hub_files(model, timeout)
    if not any(name.endswith(".safetensors") for name in files):
        pickles = sorted(n for n in files if n.endswith(PICKLE_SUFFIXES))
        detail = f" (it has pickle weights: {', '.join(pickles[:5])})" if pickles else ""
        raise BackendError(f"{model}: refusing to load a model without safetensors weights{detail}; "
                           "pickle files can run code when loaded. Use a repository with *.safetensors, or "
                           "convert it with save_pretrained(..., safe_serialization=True) and pass the folder")
    from huggingface_hub import snapshot_download

    try:
        folder = snapshot_download(model, revision=sha, allow_patterns=SAFE_PATTERNS, etag_timeout=timeout,
                                   endpoint=os.environ.get("HF_ENDPOINT") or None)
    except Exception as exc:
        raise BackendError(f"{model}: download failed ({type(exc).__name__}); "
                           + _LOCAL_HELP.format(model=model)) from exc
    check_model_folder(Path(folder), model)
    return folder


def check_model_folder(path: Path, model: str) -> None:
    """Refuse a folder without valid safetensors weights, without config.json, or needing remote code."""
    weights = sorted(path.glob("*.safetensors"))
    if not weights:
        found = [p.name for p in path.iterdir() if p.name in PICKLE_WEIGHTS or p.suffix in PICKLE_SUFFIXES]
        detail = f" (found pickle weights: {', '.join(sorted(found))})" if found else ""
        raise BackendError(
            f"{model}: refusing to load a model without safetensors weights{detail}; "
            "convert it with save_pretrained(..., safe_serialization=True)"
        )
    for weight in weights:
        _check_safetensors(weight, model)
    config_file = path / "config.json"
    if not config_file.is_file():
        raise BackendError(f"{model}: no config.json in the model folder; save the model with save_pretrained()")
    try:
        config = json.loads(config_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BackendError(f"{model}: config.json is not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(config, dict):
        raise BackendError(f"{model}: config.json is not a JSON object")
    if config.get("auto_map") and not _known_model_type(config.get("model_type")):
        raise BackendError(
            f"{model}: this model needs its own Python code (auto_map in config.json, model_type "
            f"{config.get('model_type')!r} unknown to transformers); the package never runs downloaded "
            "code (trust_remote_code=False)"
        )


def _check_safetensors(file: Path, model: str) -> None:
    """The 8-byte header length and the JSON header of a safetensors file are sane."""
    try:
        size = file.stat().st_size
        with file.open("rb") as fh:
            head = fh.read(8)
            (length,) = struct.unpack("<Q", head) if len(head) == 8 else (None,)
            ok = length is not None and 1 < length <= min(size - 8, MAX_SAFETENSORS_HEADER)
            header = json.loads(fh.read(length)) if ok else None
    except (OSError, ValueError, struct.error, RecursionError):
        header = None
    if not isinstance(header, dict):
        raise BackendError(f"{model}: {file.name} is not a valid safetensors file (truncated or corrupt); "
                           "download or save the model again")


def _known_model_type(model_type) -> bool:
    if not isinstance(model_type, str) or not model_type:
        return False
    try:
        from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES
    except ImportError:
        return False
    return model_type in CONFIG_MAPPING_NAMES


def load_kwargs() -> dict:
    """Keyword arguments for every model ``from_pretrained`` call in the package."""
    return {"use_safetensors": True, "trust_remote_code": False, "local_files_only": True}


def tokenizer_kwargs() -> dict:
    """Keyword arguments for every tokenizer ``from_pretrained`` call in the package."""
    return {"trust_remote_code": False, "local_files_only": True}
