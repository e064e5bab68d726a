"""Low-rank adapters (LoRA) for the MiniLM encoder: add them for training, save them, merge them for use.

An adapted linear layer computes ``W x + (alpha / rank) · B A x``: ``W`` stays frozen, ``A``
(rank × in) and ``B`` (out × rank, zero at the start) are trained. The shipped adapter file is
safetensors: tensors ``<module>.A`` and ``<module>.B`` for each adapted module and ``head.weight`` /
``head.bias`` for the stance head; metadata ``rank``, ``alpha``, ``heads`` (the side names, in the
order of the head's rows, three rows each: against, neutral, for) and ``version``. Loading merges
``W + (alpha / rank) · B A`` into the frozen weights once, so using the tuned encoder costs what
the plain one does. Needs torch (the ``transformers`` extra).
"""
from __future__ import annotations

import math

import torch
from torch import nn

# The linear layers of each BERT layer that get an adapter (names inside one `encoder.layer.<i>`).
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
           "intermediate.dense", "output.dense")


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, seed: int):
        super().__init__()
        self.base = base
        for p in base.parameters():
            p.requires_grad_(False)
        g = torch.Generator().manual_seed(seed)
        self.A = nn.Parameter(torch.randn(rank, base.in_features, generator=g) / math.sqrt(base.in_features))
        self.B = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x):
        return self.base(x) + (x @ self.A.T @ self.B.T) * self.scale


def adapted_names(model: nn.Module) -> list[str]:
    return [f"encoder.layer.{i}.{t}" for i in range(len(model.encoder.layer)) for t in TARGETS]


def add_adapters(model: nn.Module, rank: int, alpha: float) -> list[str]:
    """Freeze ``model`` and put a :class:`LoRALinear` on each :data:`TARGETS` layer; returns their names."""
    for p in model.parameters():
        p.requires_grad_(False)
    names = adapted_names(model)
    for k, name in enumerate(names):
        parent, _, last = name.rpartition(".")
        setattr(model.get_submodule(parent), last, LoRALinear(model.get_submodule(name), rank, alpha, seed=k))
    return names


def adapter_tensors(model: nn.Module, names: list[str]) -> dict[str, torch.Tensor]:
    out = {}
    for name in names:
        module = model.get_submodule(name)
        out[f"{name}.A"] = module.A.detach().clone().contiguous()
        out[f"{name}.B"] = module.B.detach().clone().contiguous()
    return out


def merge_adapters(model: nn.Module, tensors: dict[str, torch.Tensor], rank: int, alpha: float) -> None:
    """Add ``(alpha / rank) · B A`` to the weight of each adapted layer of a plain ``model``, in place."""
    names = adapted_names(model)
    missing = [n for n in names if f"{n}.A" not in tensors or f"{n}.B" not in tensors]
    if missing:
        raise ValueError(f"adapter file has no tensors for {missing[0]}")
    extra = sorted(set(tensors) - {f"{n}.{part}" for n in names for part in "AB"})
    if extra:
        raise ValueError(f"adapter file has tensors for no layer of this encoder: {extra[0]}")
    with torch.no_grad():
        for name in names:
            layer = model.get_submodule(name)
            A, B = tensors[f"{name}.A"], tensors[f"{name}.B"]
            if A.shape != (rank, layer.in_features) or B.shape != (layer.out_features, rank):
                raise ValueError(f"{name}: adapter shapes {tuple(A.shape)} and {tuple(B.shape)} do not fit a "
                                 f"rank-{rank} adapter of a {layer.in_features} → {layer.out_features} layer")
            layer.weight += (B.to(layer.weight.dtype) @ A.to(layer.weight.dtype)) * (alpha / rank)
