"""Safe loading of Hugging Face models: safetensors only, never remote code, fail fast offline."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import BackendError, MissingExtraError

PICKLE_WEIGHTS = ("pytorch_model.bin", "tf_model.h5", "flax_model.msgpack", "model.ckpt.index")


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
    return transformers


def resolve_model(model: str) -> str:
    """Check a local folder has safetensors weights; check a hub id can be fetched."""
    path = Path(model).expanduser()
    if path.is_dir():
        if not any(path.glob("*.safetensors")):
            found = [p.name for p in path.iterdir() if p.name in PICKLE_WEIGHTS or p.suffix in (".bin", ".pt", ".pth")]
            detail = f" (found pickle weights: {', '.join(sorted(found))})" if found else ""
            raise BackendError(
                f"{model}: refusing to load a model without safetensors weights{detail}; "
                "convert it with save_pretrained(..., safe_serialization=True)"
            )
        return str(path)
    if model.startswith((".", "/", "~")) or os.sep in model and not _looks_like_hub_id(model):
        raise BackendError(f"{model}: no such model folder")
    if os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False"):
        try:
            from huggingface_hub import snapshot_download

            return snapshot_download(model, local_files_only=True, allow_patterns=["*.json", "*.safetensors", "*.txt", "*.model"])
        except Exception as exc:
            raise BackendError(
                f"{model}: not in the local Hugging Face cache and HF_HUB_OFFLINE is set; "
                "download it where you have internet and pass the local folder instead, "
                "e.g. 'transformers:/path/to/model'"
            ) from exc
    return model


def _looks_like_hub_id(model: str) -> bool:
    parts = model.split("/")
    return len(parts) == 2 and all(parts)


def load_kwargs() -> dict:
    """Keyword arguments for every ``from_pretrained`` call in the package."""
    return {"use_safetensors": True, "trust_remote_code": False}
