#!/usr/bin/env python3
"""Oracle for tissue's transformers: what PyTorch, thop, fvcore and ptflops report.

Measures, with the same conventions as oracle.py (batch 1, float32, eval(),
torch.set_grad_enabled(False), one deep copy of the model per tool, ptflops
patches checked and restored after every call, warnings off):

  models  torchvision vit_b_16 and swin_t at 224x224 (weights=None); a
          GPT-2-small-style decoder written below in plain PyTorch (124,439,808
          parameters, tied output projection) at 1024, 128 and 1 tokens, the
          same model with F.scaled_dot_product_attention, and two tiny GPTs
  ops     single operations: LayerNorm, MultiheadAttention, matmul/bmm/einsum,
          softmax, Embedding, rank-3 Linear, ViT's patchify, class token,
          positional embedding, token select, GELU, roll, permute/reshape,
          scaled_dot_product_attention, torchvision's Swin attention and
          patch merging, whole ViT/GPT blocks
  closed_forms  the GPT's per-token MACs with a KV cache and the KV-cache size,
          as formulas and as measured on a cached step

and writes transformers.json next to this script. transformers.md explains
every number. The Swift tests read only the JSON; CI never needs Python.

Set-up and regeneration (nothing is downloaded; weights=None):

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install torch torchvision thop fvcore ptflops
    /tmp/venv/bin/python Tests/Fixtures/oracle/transformers.py

Recorded per model / op (batch 1; shapes without the batch dimension):
  params                 sum(p.numel() for p in model.parameters())  (a tied
                         weight is one Parameter and is counted once)
  output                 output shape
  conv_linear_macs       forward hooks on nn.Conv2d / nn.Linear module calls, as
                         oracle.py: out.numel()*cin/groups*kh*kw, out.numel()*in_features
  functional_linear_macs multiply-accumulates with a weight that did NOT go
                         through an nn.Linear/nn.Conv2d module call (the in/out
                         projections inside nn.MultiheadAttention, the F.linear
                         calls inside torchvision's ShiftedWindowAttention)
  matmul_macs            multiply-accumulates of every matmul between two
                         activations (attention Q.K^T and A.V), from the shapes
  (the last three are measured with a TorchDispatchMode on the aten mm / addmm /
   bmm / baddbmm / convolution / SDPA calls, with nn.MultiheadAttention's fast
   path switched off so its inner ops are visible; an operand that shares
   storage with a Parameter makes the call a weight projection, otherwise it is
   an activation matmul)
  torch_flop_counter_flops  torch.utils.flop_counter.FlopCounterMode total in
                         the same run (PyTorch's own counter: 2 FLOPs per MAC);
                         the script asserts it is 2*(the three above)
  thop_macs              thop.profile(model, inputs=(x,), verbose=False)[0]
  thop_by_module_class   the same call's per-module total_ops, summed by class
  fvcore_flops           FlopCountAnalysis(model, x).total() (warnings off)
  fvcore_by_operator     .by_operator()
  fvcore_by_module_class the ops owned by each module (its by_module() total
                         minus its children's), summed by class
  fvcore_unsupported_ops .unsupported_ops() with call counts
  ptflops_macs           get_model_complexity_info(model, input, as_strings=False,
                         print_per_layer_stat=False, backend='pytorch')[0]
  ptflops_by_module_class  __flops__ of every module ptflops hooks, by class
  ptflops_functional     what ptflops' patched functions (F.*, torch.matmul,
                         Tensor.matmul, ...) added, by function; it equals
                         ptflops_macs minus the module sum (asserted)
  layers                 (models) every nn.Conv2d / nn.Linear / nn.LayerNorm /
                         nn.Embedding call: {"op", "output", "params"} (+
                         "tied": true on the GPT output projection), sorted
  attention              every attention call (nn.MultiheadAttention,
                         ShiftedWindowAttention, the GPT's CausalSelfAttention)
                         with its shapes, params, heads and its own
                         functional_linear_macs and matmul_macs
  grad_enabled           (models and ops containing nn.MultiheadAttention) the
                         fvcore and ptflops numbers again with gradients
                         enabled, as a script without torch.no_grad() gets them:
                         nn.MultiheadAttention then leaves its fast path
                         (torch._native_multi_head_attention) and runs
                         F.multi_head_attention_forward. thop always profiles
                         under torch.no_grad(), so its number cannot change.
"""

import contextlib
import copy
import io
import json
import math
import os
import sys
import warnings
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.flop_counter import FlopCounterMode

warnings.filterwarnings("ignore")

import thop  # noqa: E402
from thop.profile import register_hooks as THOP_RULES  # noqa: E402
import fvcore  # noqa: E402
import ptflops  # noqa: E402
import ptflops.pytorch_engine as ptflops_engine  # noqa: E402
from fvcore.nn import FlopCountAnalysis  # noqa: E402
from ptflops import get_model_complexity_info  # noqa: E402
from torchvision.models.swin_transformer import PatchMerging, ShiftedWindowAttention  # noqa: E402
from torchvision.models.vision_transformer import EncoderBlock  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
aten = torch.ops.aten


def _version(mod, dist):
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return getattr(mod, "__version__", "unknown")


# ---------------------------------------------------------------------------
# A GPT-2-small-style decoder in plain PyTorch (no `transformers` package)
# ---------------------------------------------------------------------------

class CausalSelfAttention(nn.Module):
    """GPT-2 attention: fused qkv Linear(E, 3E), causal softmax(QK^T/sqrt(d))V,
    out-projection Linear(E, E).

    impl="matmul": torch.matmul + masked_fill + F.softmax, as Hugging Face's
    GPT-2 (eager) writes it; impl="sdpa": F.scaled_dot_product_attention(
    is_causal=True), as nanoGPT writes it. With use_cache=True the keys and
    values of earlier calls are kept (a KV cache) and the new tokens attend to
    them too."""

    def __init__(self, width, heads, context, impl="matmul", dropout=0.1):
        super().__init__()
        assert width % heads == 0
        self.width, self.heads, self.impl = width, heads, impl
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)
        self.attn_dropout = nn.Dropout(dropout)
        self.resid_dropout = nn.Dropout(dropout)
        mask = torch.tril(torch.ones(context, context, dtype=torch.bool))
        self.register_buffer("mask", mask.view(1, 1, context, context), persistent=False)
        self.use_cache = False
        self.cache = None

    def forward(self, x):
        B, T, C = x.shape
        h, d = self.heads, C // self.heads
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, h, d).transpose(1, 2)
        k = k.view(B, T, h, d).transpose(1, 2)
        v = v.view(B, T, h, d).transpose(1, 2)
        if self.use_cache:
            if self.cache is not None:
                k = torch.cat([self.cache[0], k], dim=2)
                v = torch.cat([self.cache[1], v], dim=2)
            self.cache = (k, v)
        S = k.size(2)
        if self.impl == "sdpa":
            assert not self.use_cache
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = torch.matmul(q, k.transpose(-2, -1)) * (1.0 / math.sqrt(d))
            att = att.masked_fill(~self.mask[:, :, S - T:S, :S], float("-inf"))
            att = F.softmax(att, dim=-1)
            att = self.attn_dropout(att)
            y = torch.matmul(att, v)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))


class MLP(nn.Module):
    def __init__(self, width, dropout=0.1):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.gelu = nn.GELU(approximate="tanh")
        self.c_proj = nn.Linear(4 * width, width)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    """Pre-LayerNorm block: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, width, heads, context, impl="matmul"):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = CausalSelfAttention(width, heads, context, impl)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = MLP(width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x


class GPT(nn.Module):
    """Token + learned position embeddings, `layers` pre-LN blocks, ln_f, and an
    output projection whose weight IS the token embedding's (no extra
    parameters, no bias). Input: LongTensor (B, T) of token ids, T <= context.
    pos_offset is the position of the first token (non-zero only for a cached
    generation step)."""

    def __init__(self, vocab, context, layers, heads, width, impl="matmul"):
        super().__init__()
        self.context = context
        self.wte = nn.Embedding(vocab, width)
        self.wpe = nn.Embedding(context, width)
        self.drop = nn.Dropout(0.1)
        self.h = nn.ModuleList([Block(width, heads, context, impl) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)
        self.lm_head = nn.Linear(width, vocab, bias=False)
        self.lm_head.weight = self.wte.weight  # tied
        self.pos_offset = 0

    def forward(self, idx):
        B, T = idx.shape
        pos = torch.arange(self.pos_offset, self.pos_offset + T, dtype=torch.long,
                           device=idx.device).unsqueeze(0)
        x = self.drop(self.wte(idx) + self.wpe(pos))
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))

    def set_cache(self, on):
        for block in self.h:
            block.attn.use_cache = on
            block.attn.cache = None
        self.pos_offset = 0


GPT2_SMALL = dict(vocab=50257, context=1024, layers=12, heads=12, width=768)
GPT_TINY = dict(vocab=100, context=16, layers=2, heads=2, width=32)
GPT2_SMALL_PARAMS = 124_439_808


def gpt(cfg, impl="matmul"):
    return lambda: GPT(**cfg, impl=impl)


# ---------------------------------------------------------------------------
# Single-operation cases
# ---------------------------------------------------------------------------

class Fn(nn.Module):
    """A module whose forward is one functional expression (no parameters)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class SelfAttention(nn.Module):
    """nn.MultiheadAttention used as torchvision's ViT uses it: attn(x, x, x)."""

    def __init__(self, embed_dim, heads, need_weights, bias=True):
        super().__init__()
        self.need_weights = need_weights
        self.attn = nn.MultiheadAttention(embed_dim, heads, batch_first=True, bias=bias)

    def forward(self, x):
        return self.attn(x, x, x, need_weights=self.need_weights)[0]


class Patchify(nn.Module):
    """ViT's stem: Conv2d(k=stride=p), then flatten(2).transpose(1, 2)."""

    def __init__(self, cin, dim, p):
        super().__init__()
        self.conv_proj = nn.Conv2d(cin, dim, kernel_size=p, stride=p)

    def forward(self, x):
        return self.conv_proj(x).flatten(2).transpose(1, 2)


class ClassToken(nn.Module):
    """ViT's class token: torch.cat([cls.expand(n, -1, -1), x], dim=1)."""

    def __init__(self, dim):
        super().__init__()
        self.class_token = nn.Parameter(torch.zeros(1, 1, dim))

    def forward(self, x):
        return torch.cat([self.class_token.expand(x.shape[0], -1, -1), x], dim=1)


class PosEmbedding(nn.Module):
    """ViT's learned positional embedding: x + pos_embedding."""

    def __init__(self, n, dim):
        super().__init__()
        self.pos_embedding = nn.Parameter(torch.empty(1, n, dim).normal_(std=0.02))

    def forward(self, x):
        return x + self.pos_embedding


class CatTokens(nn.Module):
    """Two sequences joined along the token axis: torch.cat([a(x), b(x)], dim=1)."""

    def __init__(self, dim):
        super().__init__()
        self.a = nn.Linear(dim, dim)
        self.b = nn.Linear(dim, dim)

    def forward(self, x):
        return torch.cat([self.a(x), self.b(x)], dim=1)


def _sdpa(causal):
    return Fn(lambda x: F.scaled_dot_product_attention(x, x, x, is_causal=causal))


# name, PyTorch code, input shape (no batch), input dtype, builder
OPS = [
    ("layernorm", "nn.LayerNorm(16)", (10, 16), "float32", lambda: nn.LayerNorm(16)),
    ("layernorm-noaffine", "nn.LayerNorm(16, elementwise_affine=False)", (10, 16), "float32",
     lambda: nn.LayerNorm(16, elementwise_affine=False)),
    ("layernorm-4d", "nn.LayerNorm(8) on H x W x C (Swin layout)", (4, 4, 8), "float32",
     lambda: nn.LayerNorm(8)),
    ("mha", "nn.MultiheadAttention(32, 4, batch_first=True)(x, x, x, need_weights=False)",
     (10, 32), "float32", lambda: SelfAttention(32, 4, False)),
    ("mha-need-weights", "nn.MultiheadAttention(32, 4, batch_first=True)(x, x, x, need_weights=True)",
     (10, 32), "float32", lambda: SelfAttention(32, 4, True)),
    ("mha-nobias", "nn.MultiheadAttention(32, 4, batch_first=True, bias=False)(x, x, x, need_weights=False)",
     (10, 32), "float32", lambda: SelfAttention(32, 4, False, bias=False)),
    ("mha-odd-heads", "nn.MultiheadAttention(24, 3, batch_first=True)(x, x, x, need_weights=False) "
     "(an odd head count: no fast path even under no_grad)",
     (10, 24), "float32", lambda: SelfAttention(24, 3, False)),
    ("matmul", "torch.matmul(x, x.transpose(-2, -1))  (B x N x D @ B x D x N)", (10, 16), "float32",
     lambda: Fn(lambda x: torch.matmul(x, x.transpose(-2, -1)))),
    ("matmul-heads", "torch.matmul(x, x.transpose(-2, -1)) on B x H x N x d", (4, 10, 8), "float32",
     lambda: Fn(lambda x: torch.matmul(x, x.transpose(-2, -1)))),
    ("matmul-method", "x.matmul(x.transpose(-2, -1))", (10, 16), "float32",
     lambda: Fn(lambda x: x.matmul(x.transpose(-2, -1)))),
    ("matmul-operator", "x @ x.transpose(-2, -1)", (10, 16), "float32",
     lambda: Fn(lambda x: x @ x.transpose(-2, -1))),
    ("bmm", "torch.bmm(x, x.transpose(1, 2))", (10, 16), "float32",
     lambda: Fn(lambda x: torch.bmm(x, x.transpose(1, 2)))),
    ("einsum", "torch.einsum('bnd,bmd->bnm', x, x)", (10, 16), "float32",
     lambda: Fn(lambda x: torch.einsum("bnd,bmd->bnm", x, x))),
    ("softmax-functional", "F.softmax(x, dim=-1)", (10, 10), "float32",
     lambda: Fn(lambda x: F.softmax(x, dim=-1))),
    ("softmax-module", "nn.Softmax(dim=-1)", (10, 10), "float32", lambda: nn.Softmax(dim=-1)),
    ("softmax-heads", "F.softmax(x, dim=-1) on B x H x N x N", (4, 10, 10), "float32",
     lambda: Fn(lambda x: F.softmax(x, dim=-1))),
    ("embedding", "nn.Embedding(100, 16) on 10 token ids", (10,), "int64", lambda: nn.Embedding(100, 16)),
    ("linear-rank3", "nn.Linear(16, 32) on N x D", (10, 16), "float32", lambda: nn.Linear(16, 32)),
    ("linear-rank3-nobias", "nn.Linear(16, 32, bias=False) on N x D", (10, 16), "float32",
     lambda: nn.Linear(16, 32, bias=False)),
    ("linear-rank4", "nn.Linear(16, 32) on H x W x C", (4, 4, 16), "float32", lambda: nn.Linear(16, 32)),
    ("patchify", "nn.Conv2d(3, 32, kernel_size=4, stride=4)(x).flatten(2).transpose(1, 2)",
     (3, 16, 16), "float32", lambda: Patchify(3, 32, 4)),
    ("class-token", "torch.cat([cls.expand(n, -1, -1), x], dim=1), cls = Parameter(1, 1, 32)",
     (16, 32), "float32", lambda: ClassToken(32)),
    ("pos-embedding", "x + pos_embedding, pos_embedding = Parameter(1, 17, 32)", (17, 32), "float32",
     lambda: PosEmbedding(17, 32)),
    ("cat-tokens", "torch.cat([nn.Linear(16, 16)(x), nn.Linear(16, 16)(x)], dim=1) on N x D", (10, 16),
     "float32", lambda: CatTokens(16)),
    ("select-token", "x[:, 0]", (17, 32), "float32", lambda: Fn(lambda x: x[:, 0])),
    ("gelu-functional", "F.gelu(x)", (10, 16), "float32", lambda: Fn(lambda x: F.gelu(x))),
    ("gelu-module", "nn.GELU()", (10, 16), "float32", lambda: nn.GELU()),
    ("gelu-tanh-module", "nn.GELU(approximate='tanh')", (10, 16), "float32",
     lambda: nn.GELU(approximate="tanh")),
    ("roll", "torch.roll(x, shifts=(-3, -3), dims=(1, 2)) on H x W x C", (8, 8, 16), "float32",
     lambda: Fn(lambda x: torch.roll(x, shifts=(-3, -3), dims=(1, 2)))),
    ("permute-reshape", "x.reshape(n, 32, 16).permute(0, 2, 1)  (ViT's _process_input)", (32, 4, 4),
     "float32", lambda: Fn(lambda x: x.reshape(x.shape[0], 32, 16).permute(0, 2, 1))),
    ("scale-operator", "x * 0.125", (10, 16), "float32", lambda: Fn(lambda x: x * 0.125)),
    ("scale-method", "x.mul(0.125)", (10, 16), "float32", lambda: Fn(lambda x: x.mul(0.125))),
    ("sdpa", "F.scaled_dot_product_attention(x, x, x) on B x H x N x d", (4, 10, 8), "float32",
     lambda: _sdpa(False)),
    ("sdpa-causal", "F.scaled_dot_product_attention(x, x, x, is_causal=True) on B x H x N x d",
     (4, 10, 8), "float32", lambda: _sdpa(True)),
    ("swin-attention", "torchvision ShiftedWindowAttention(32, window_size=[4, 4], shift_size=[0, 0], "
     "num_heads=2) on H x W x C", (8, 8, 32), "float32",
     lambda: ShiftedWindowAttention(32, [4, 4], [0, 0], 2)),
    ("swin-attention-shifted", "torchvision ShiftedWindowAttention(32, window_size=[4, 4], "
     "shift_size=[2, 2], num_heads=2) on H x W x C", (8, 8, 32), "float32",
     lambda: ShiftedWindowAttention(32, [4, 4], [2, 2], 2)),
    ("swin-attention-padded", "torchvision ShiftedWindowAttention(32, window_size=[4, 4], "
     "shift_size=[2, 2], num_heads=2) on 6 x 6 x C (padded to 8 x 8)", (6, 6, 32), "float32",
     lambda: ShiftedWindowAttention(32, [4, 4], [2, 2], 2)),
    ("swin-patch-merging", "torchvision PatchMerging(32) on H x W x C", (8, 8, 32), "float32",
     lambda: PatchMerging(32)),
    ("vit-encoder-block", "torchvision EncoderBlock(num_heads=4, hidden_dim=32, mlp_dim=64, 0, 0)",
     (10, 32), "float32", lambda: EncoderBlock(4, 32, 64, 0.0, 0.0)),
    ("gpt-attention", "CausalSelfAttention(32, heads=2, context=16) (this script)", (10, 32), "float32",
     lambda: CausalSelfAttention(32, 2, 16)),
    ("gpt-attention-sdpa", "CausalSelfAttention(32, heads=2, context=16, impl='sdpa') (this script)",
     (10, 32), "float32", lambda: CausalSelfAttention(32, 2, 16, "sdpa")),
    ("gpt-block", "Block(32, heads=2, context=16) (this script)", (10, 32), "float32",
     lambda: Block(32, 2, 16)),
]


# name, source, description, builder, input shape (no batch), input dtype
MODELS = [
    ("vit_b_16", "torchvision", "torchvision.models.vit_b_16(weights=None)",
     lambda: torchvision.models.vit_b_16(weights=None), (3, 224, 224), "float32"),
    ("swin_t", "torchvision", "torchvision.models.swin_t(weights=None)",
     lambda: torchvision.models.swin_t(weights=None), (3, 224, 224), "float32"),
    ("gpt2-small", "equivalent", "GPT(vocab=50257, context=1024, layers=12, heads=12, width=768), "
     "attention with torch.matmul + F.softmax", gpt(GPT2_SMALL), (1024,), "int64"),
    ("gpt2-small-t128", "equivalent", "the same model on 128 tokens",
     gpt(GPT2_SMALL), (128,), "int64"),
    ("gpt2-small-t1", "equivalent", "the same model on 1 token",
     gpt(GPT2_SMALL), (1,), "int64"),
    ("gpt2-small-sdpa", "equivalent", "the same model with F.scaled_dot_product_attention("
     "is_causal=True) in place of matmul/mask/softmax/matmul (nanoGPT's fast path)",
     gpt(GPT2_SMALL, "sdpa"), (1024,), "int64"),
    ("gpt-tiny", "equivalent", "GPT(vocab=100, context=16, layers=2, heads=2, width=32), for the "
     "reference forward pass", gpt(GPT_TINY), (16,), "int64"),
    ("gpt-tiny-sdpa", "equivalent", "gpt-tiny with F.scaled_dot_product_attention(is_causal=True)",
     gpt(GPT_TINY, "sdpa"), (16,), "int64"),
]


# ---------------------------------------------------------------------------
# Measurement helpers
# ---------------------------------------------------------------------------

def _patch_snapshot():
    """The functions ptflops (and anything else) might patch."""
    names = [n for n in dir(F) if not n.startswith("_")]
    snap = {("F", n): getattr(F, n) for n in names}
    for n in ("matmul", "mm", "bmm", "addmm", "baddbmm", "mul", "add", "einsum", "softmax"):
        snap[("torch", n)] = getattr(torch, n)
        if hasattr(torch.Tensor, n):
            snap[("Tensor", n)] = getattr(torch.Tensor, n)
    return snap


_ORIGINAL = None


def _restore_patches():
    leaked = []
    for (where, n), f in _ORIGINAL.items():
        owner = {"F": F, "torch": torch, "Tensor": torch.Tensor}[where]
        if getattr(owner, n) is not f:
            leaked.append(f"{where}.{n}")
            setattr(owner, n, f)
    if leaked:
        print(f"  warning: restored leaked patches: {leaked}", file=sys.stderr)


def make_input(shape, dtype, vocab=None):
    g = torch.Generator().manual_seed(0)
    if dtype == "int64":
        return torch.randint(0, vocab, (1, *shape), generator=g, dtype=torch.long)
    return torch.randn((1, *shape), generator=g, dtype=torch.float32)


def build(builder):
    torch.manual_seed(0)
    m = builder()
    m.eval()
    return m


def _int(v, what):
    v = float(v)
    assert v == int(v), f"{what} is not an integer: {v}"
    return int(v)


def _counter(d, what):
    return {str(k): _int(v, what) for k, v in sorted(d.items()) if v}


def _shape(t):
    return list(t.shape[1:])


def _storage(t):
    try:
        return t.untyped_storage().data_ptr()
    except Exception:
        return None


class MacCounter(TorchDispatchMode):
    """Multiply-accumulates of every aten matmul-like call, split into
    convolutions, weight projections (an operand shares storage with a
    Parameter) and activation matmuls (no operand does)."""

    MM = {aten.mm.default: (0, 1), aten.addmm.default: (1, 2),
          aten.bmm.default: (0, 1), aten.baddbmm.default: (1, 2)}
    SDPA = {aten._scaled_dot_product_flash_attention_for_cpu.default,
            aten._scaled_dot_product_efficient_attention.default,
            aten._scaled_dot_product_flash_attention.default}
    SUSPECT = ("mm", "mv", "dot", "matmul", "einsum", "linear", "conv", "attention", "baddbmm")

    def __init__(self, param_storages):
        super().__init__()
        self.params = param_storages
        self.conv = 0
        self.linear = 0
        self.matmul = 0
        self.unhandled = Counter()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if func in self.MM:
            i, j = self.MM[func]
            a, b = args[i], args[j]
            batch = 1
            for s in a.shape[:-2]:
                batch *= s
            macs = batch * a.shape[-2] * a.shape[-1] * b.shape[-1]
            if _storage(a) in self.params or _storage(b) in self.params:
                self.linear += macs
            else:
                self.matmul += macs
        elif func == aten.convolution.default:
            x, w = args[0], args[1]
            groups = args[8]
            k = 1
            for s in w.shape[2:]:
                k *= s
            self.conv += out.numel() * (x.shape[1] // groups) * k
        elif func in self.SDPA:
            q, k, v = args[0], args[1], args[2]
            b = 1
            for s in q.shape[:-2]:
                b *= s
            self.matmul += b * q.shape[-2] * k.shape[-2] * (q.shape[-1] + v.shape[-1])
        else:
            name = str(func)
            if any(s in name for s in self.SUSPECT) and "backward" not in name:
                self.unhandled[name] += 1
        return out


def _attention_record(m, inp, out):
    x = inp[0]
    rec = {"input": _shape(x), "output": _shape(out[0] if isinstance(out, tuple) else out),
           "params": int(sum(p.numel() for p in m.parameters()))}
    B = x.shape[0]
    if isinstance(m, nn.MultiheadAttention):
        L, E = x.shape[1], x.shape[2]   # batch_first, self-attention
        rec.update({"op": "mha", "heads": m.num_heads, "embed_dim": E,
                    "functional_linear_macs": 4 * B * L * E * E,
                    "matmul_macs": 2 * B * L * L * E})
    elif isinstance(m, ShiftedWindowAttention):
        H, W, C = x.shape[1], x.shape[2], x.shape[3]
        wh, ww = m.window_size
        pad_h, pad_w = H + (wh - H % wh) % wh, W + (ww - W % ww) % ww
        shift = [0 if wh >= pad_h else m.shift_size[0], 0 if ww >= pad_w else m.shift_size[1]]
        rec.update({"op": "shifted_window_attention", "heads": m.num_heads,
                    "window_size": list(m.window_size), "shift_size": shift,
                    "padded": [pad_h, pad_w],
                    "functional_linear_macs": 4 * B * pad_h * pad_w * C * C,
                    "matmul_macs": 2 * B * pad_h * pad_w * (wh * ww) * C})
    elif isinstance(m, CausalSelfAttention):
        T, C = x.shape[1], x.shape[2]
        S = m.cache[0].shape[2] if (m.use_cache and m.cache is not None) else T
        rec.update({"op": "causal_self_attention", "heads": m.heads, "impl": m.impl,
                    "keys": S, "functional_linear_macs": 0, "matmul_macs": 2 * B * T * S * C})
    return rec


ATTENTION_TYPES = (nn.MultiheadAttention, ShiftedWindowAttention, CausalSelfAttention)


def standard_counts(model, x, keep_model=False):
    """Our own hooks (layers, conv_linear_macs, attention calls) and the aten
    MAC counter, in one forward with nn.MultiheadAttention's fast path off;
    then FlopCounterMode in a second forward."""
    m = model if keep_model else copy.deepcopy(model)
    clm = [0]
    layers, attention, handles = [], [], []
    tied = {id(p) for mod in m.modules() if isinstance(mod, nn.Embedding) for p in mod.parameters()}

    def hook(mod, inp, out):
        own = list(mod.parameters(recurse=False))
        n_own = sum(p.numel() for p in own)
        if isinstance(mod, nn.Conv2d):
            kh, kw = mod.kernel_size
            clm[0] += out.numel() * (mod.in_channels // mod.groups) * kh * kw
            op = "conv"
        elif isinstance(mod, nn.Linear):
            clm[0] += out.numel() * mod.in_features
            op = "linear"
        elif isinstance(mod, nn.LayerNorm):
            op = "layernorm"
        else:
            op = "embedding"
        rec = {"op": op, "output": _shape(out), "params": int(n_own)}
        if op == "linear" and any(id(p) in tied for p in own):
            rec["tied"] = True
        layers.append(rec)

    def att_hook(mod, inp, out):
        attention.append(_attention_record(mod, inp, out))

    for mod in m.modules():
        if isinstance(mod, (nn.Conv2d, nn.Linear, nn.LayerNorm, nn.Embedding)):
            handles.append(mod.register_forward_hook(hook))
        if isinstance(mod, ATTENTION_TYPES):
            handles.append(mod.register_forward_hook(att_hook))
    storages = {_storage(p) for p in m.parameters()}
    counter = MacCounter(storages)
    fast = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    try:
        with torch.no_grad(), counter:
            y = m(x)
    finally:
        torch.backends.mha.set_fastpath_enabled(fast)
        for h in handles:
            h.remove()
    assert not counter.unhandled, f"unhandled matmul-like aten ops: {dict(counter.unhandled)}"
    layers.sort(key=lambda d: (d["op"], d["output"], d["params"], d.get("tied", False)))
    rec = {
        "output": _shape(y),
        "conv_linear_macs": int(clm[0]),
        "functional_linear_macs": int(counter.conv + counter.linear - clm[0]),
        "matmul_macs": int(counter.matmul),
        "layers": layers,
        "attention": attention,
    }
    if attention:
        assert sum(a["matmul_macs"] for a in attention) == rec["matmul_macs"], (attention, rec)
        assert sum(a["functional_linear_macs"] for a in attention) == rec["functional_linear_macs"]
    if not keep_model:
        fcm = FlopCounterMode(display=False)
        torch.backends.mha.set_fastpath_enabled(False)
        try:
            with torch.no_grad(), fcm:
                copy.deepcopy(model)(x)
        finally:
            torch.backends.mha.set_fastpath_enabled(fast)
        rec["torch_flop_counter_flops"] = int(fcm.get_total_flops())
        assert rec["torch_flop_counter_flops"] == 2 * (
            rec["conv_linear_macs"] + rec["functional_linear_macs"] + rec["matmul_macs"]), rec
    return rec


def run_thop(model, x):
    m = copy.deepcopy(model)
    with contextlib.redirect_stdout(io.StringIO()):
        total, _, info = thop.profile(m, inputs=(x,), verbose=False, ret_layer_info=True)
    total = _int(total, "thop total")
    # the same walk as thop.profile's dfs_count: a module with a rule counts its
    # own total_ops (Sequential / ModuleList excepted), any other is recursed
    # into and adds its own total_ops (non-zero only if it has a rule) to its
    # children's
    by_class = Counter()

    def walk(mod, d, ops_here):
        children = 0
        for name, child in mod.named_children():
            ops, _, sub = d[name]
            children += ops
            if type(child) in THOP_RULES and not isinstance(
                    child, (nn.Sequential, nn.ModuleList)):
                by_class[type(child).__name__] += ops
            else:
                walk(child, sub, ops)
        by_class[type(mod).__name__] += ops_here - children

    walk(m, info, total)
    by_class = _counter(by_class, "thop per class")
    assert sum(by_class.values()) == total, (by_class, total)
    return total, by_class


def run_fvcore(model, x):
    m = copy.deepcopy(model)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        a = FlopCountAnalysis(m, x)
        a.unsupported_ops_warnings(False)
        a.uncalled_modules_warnings(False)
        total = a.total()
        by_op = a.by_operator()
        by_mod = a.by_module()
        unsupported = a.unsupported_ops()
    total = _int(total, "fvcore total")
    by_class = Counter()
    for name, mod in m.named_modules():
        own = by_mod.get(name, 0)
        for cname, _ in mod.named_children():
            own -= by_mod.get(f"{name}.{cname}" if name else cname, 0)
        by_class[type(mod).__name__] += own
    by_class = _counter(by_class, "fvcore per class")
    by_op = _counter(by_op, "fvcore by operator")
    assert sum(by_class.values()) == total and sum(by_op.values()) == total
    return total, by_op, by_class, {k: int(c) for k, c in sorted(unsupported.items())}


def _ptflops_args(x, shape):
    if x.dtype == torch.long:
        return dict(input_res=tuple(shape), input_constructor=lambda _: x.clone())
    return dict(input_res=tuple(shape))


def run_ptflops(model, x, shape):
    m = copy.deepcopy(model)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            macs, _ = get_model_complexity_info(
                m, as_strings=False, print_per_layer_stat=False, backend="pytorch",
                verbose=False, **_ptflops_args(x, shape))
    finally:
        _restore_patches()
    if macs is None:
        raise RuntimeError("ptflops failed: " + out.getvalue().strip().splitlines()[-1])
    return int(macs)


def _tag_ptflops_wrappers(record):
    """Make every function ptflops has patched also record, by name, what it
    returns. Only the wrappers' handlers are wrapped; what they return (and so
    what ptflops adds up) is unchanged."""
    W = ptflops_engine.torch_function_wrapper

    def tag(w, name):
        inner = w.handler

        def handler(*a, **k):
            v = inner(*a, **k)
            record[name] += int(v)
            return v

        w.handler = handler

    for n in dir(F):
        v = getattr(F, n)
        if isinstance(v, W):
            tag(v, "F." + n)
    for n in ("matmul", "mm", "bmm", "addmm", "baddbmm", "mul", "add"):
        v = getattr(torch, n)
        if isinstance(v, W):
            tag(v, "torch." + n)
        tv = getattr(torch.Tensor, n, None)
        for cell in (getattr(tv, "__closure__", None) or ()):
            if isinstance(cell.cell_contents, W):
                tag(cell.cell_contents, "Tensor." + n)


def run_ptflops_breakdown(model, x, shape):
    """ptflops' get_flops_pytorch step by step (same functions, same order),
    reading each hooked module's __flops__ and what each patched function
    added before the counters are removed."""
    m = copy.deepcopy(model)
    functional = Counter()
    sink = io.StringIO()
    fm = None
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            fm = ptflops_engine.add_flops_counting_methods(m)
            fm.eval()
            fm.start_flops_count(ost=sink, verbose=False, ignore_list=[])
            col_f, col_t = [], []
            ptflops_engine.patch_functional(col_f)
            ptflops_engine.patch_tensor_ops(col_t)
            _tag_ptflops_wrappers(functional)
            fm(x)
            modules_total, _ = fm.compute_average_flops_cost()
            assert fm.__batch_counter__ == 1
            by_class = Counter()

            def walk(mod):  # ptflops' accumulate_flops
                if ptflops_engine.is_supported_instance(mod):
                    by_class[type(mod).__name__] += mod.__flops__
                    return
                for c in mod.children():
                    walk(c)

            walk(fm)
            func_total = sum(col_f) + sum(col_t)
    finally:
        if fm is not None:
            fm.stop_flops_count()
        ptflops_engine.unpatch_functional()
        ptflops_engine.unpatch_tensor_ops()
        _restore_patches()
    by_class = _counter(by_class, "ptflops per class")
    functional = _counter(functional, "ptflops functional")
    assert sum(by_class.values()) == modules_total
    assert sum(functional.values()) == func_total
    return int(modules_total + func_total), by_class, functional


def tool_counts(model, x, shape, with_thop=True):
    rec, notes = {}, []
    if with_thop:
        try:
            rec["thop_macs"], rec["thop_by_module_class"] = run_thop(model, x)
        except Exception as e:
            rec["thop_macs"] = None
            notes.append(f"thop_macs: {type(e).__name__}: {e}")
    try:
        (rec["fvcore_flops"], rec["fvcore_by_operator"], rec["fvcore_by_module_class"],
         rec["fvcore_unsupported_ops"]) = run_fvcore(model, x)
    except Exception as e:
        rec["fvcore_flops"] = None
        notes.append(f"fvcore_flops: {type(e).__name__}: {e}")
    try:
        rec["ptflops_macs"] = run_ptflops(model, x, shape)
        total, rec["ptflops_by_module_class"], rec["ptflops_functional"] = \
            run_ptflops_breakdown(model, x, shape)
        assert total == rec["ptflops_macs"], (total, rec["ptflops_macs"])
    except Exception as e:
        rec["ptflops_macs"] = None
        notes.append(f"ptflops_macs: {type(e).__name__}: {e}")
    return rec, notes


def measure(model, shape, dtype, vocab=None):
    x = make_input(shape, dtype, vocab)
    rec = {"params": int(sum(p.numel() for p in model.parameters()))}
    rec.update(standard_counts(model, x))
    tools, notes = tool_counts(model, x, shape)
    rec.update(tools)
    if any(isinstance(mod, nn.MultiheadAttention) for mod in model.modules()):
        torch.set_grad_enabled(True)
        try:
            g, gnotes = tool_counts(model, x, shape, with_thop=False)
        finally:
            torch.set_grad_enabled(False)
        rec["grad_enabled"] = g
        notes += gnotes
    assert rec["params"] == sum(p.numel() for p in model.parameters())
    return rec, notes


# ---------------------------------------------------------------------------
# Closed forms for the GPT: one generated token with a KV cache
# ---------------------------------------------------------------------------

def token_macs(cfg, p):
    n, E, V = cfg["layers"], cfg["width"], cfg["vocab"]
    return n * (12 * E * E + 2 * (p + 1) * E) + E * V


def forward_macs(cfg, T):
    n, E, V = cfg["layers"], cfg["width"], cfg["vocab"]
    return T * (n * 12 * E * E + E * V) + n * 2 * T * T * E


def kv_cache_elements(cfg, L, B):
    return 2 * cfg["layers"] * L * cfg["width"] * B


def measure_cached_step(model, cfg, p):
    """Prefill p tokens into the KV cache, then measure the step that
    generates token p (position p, attending to p + 1 keys/values)."""
    m = copy.deepcopy(model)
    m.set_cache(True)
    ids = make_input((p + 1,), "int64", cfg["vocab"])
    with torch.no_grad():
        if p > 0:
            m(ids[:, :p])
        m.pos_offset = p
        rec = standard_counts(m, ids[:, p:p + 1], keep_model=True)
    cache = sum(b.attn.cache[0].numel() + b.attn.cache[1].numel() for b in m.h)
    return {"position": p, "conv_linear_macs": rec["conv_linear_macs"],
            "matmul_macs": rec["matmul_macs"],
            "macs": rec["conv_linear_macs"] + rec["functional_linear_macs"] + rec["matmul_macs"],
            "kv_cache_elements_after": int(cache), "output": rec["output"]}


def closed_forms():
    cfg = GPT2_SMALL
    model = build(gpt(cfg))
    steps = []
    for p in (0, 511, 1023):
        s = measure_cached_step(model, cfg, p)
        assert s["macs"] == token_macs(cfg, p), (s, token_macs(cfg, p))
        assert s["kv_cache_elements_after"] == kv_cache_elements(cfg, p + 1, 1)
        s["formula_macs"] = token_macs(cfg, p)
        steps.append(s)
    n, E, V = cfg["layers"], cfg["width"], cfg["vocab"]
    return {
        "model": "gpt2-small",
        "config": dict(cfg),
        "convention": "standard MACs: linear in*out per token (bias adds not counted), attention "
                      "Q.K^T and A.V multiply-accumulates; embeddings, LayerNorm, softmax, GELU "
                      "and adds cost 0 MACs",
        "token_macs_formula": "layers*(12*width^2 + 2*(p+1)*width) + width*vocab",
        "token_macs_terms": {
            "linear_per_layer": "12*width^2 = qkv 3*width^2 + out-proj width^2 + fc 4*width^2 + "
                                "proj 4*width^2 = " + str(12 * E * E),
            "attention_per_layer": "2*(p+1)*width = Q.K^T over p+1 cached keys + A.V over p+1 "
                                   "cached values",
            "lm_head": "width*vocab = " + str(E * V),
        },
        "token_macs": {str(p): token_macs(cfg, p) for p in (0, 511, 1023)},
        "cached_steps_measured": steps,
        "forward_macs_formula": "T*(layers*12*width^2 + width*vocab) + layers*2*T^2*width "
                                "(a full forward on T tokens computes the whole T x T score "
                                "matrix, masked; = conv_linear_macs + matmul_macs of the "
                                "gpt2-small records)",
        "forward_macs": {str(T): forward_macs(cfg, T) for T in (1, 128, 1024)},
        "generation_macs_formula": "sum over p = 0..T-1 of token_macs(p) = T*(layers*12*width^2 + "
                                   "width*vocab) + layers*width*T*(T+1)",
        "generation_macs": {str(T): sum(token_macs(cfg, p) for p in range(T)) for T in (128, 1024)},
        "kv_cache_elements_formula": "2*layers*L*width*B (keys and values, every layer, L "
                                     "positions, batch B)",
        "kv_cache_elements": {"L": 1024, "B": 1, "value": kv_cache_elements(cfg, 1024, 1),
                              "bytes_float32": 4 * kv_cache_elements(cfg, 1024, 1),
                              "bytes_float16": 2 * kv_cache_elements(cfg, 1024, 1)},
    }


def published():
    tvm = torchvision.models
    out = {}
    for name, w in (("vit_b_16", tvm.ViT_B_16_Weights.IMAGENET1K_V1),
                    ("swin_t", tvm.Swin_T_Weights.IMAGENET1K_V1)):
        meta = w.meta
        out[name] = {"weights": str(w), "num_params": meta["num_params"],
                     "gflops": meta["_ops"], "file_size_mb": meta["_file_size"],
                     "min_size": list(meta["min_size"])}
    out["gpt2-small"] = {
        "num_params": "124M",
        "source": "openai/gpt-2 README and model download names (124M); the GPT-2 paper's Table 2 "
                  "says 117M, which the README corrects: 'our original parameter counts were "
                  "wrong due to an error (in our previous blog posts and paper)'",
        "exact": GPT2_SMALL_PARAMS,
    }
    return out


def main():
    global _ORIGINAL
    _ORIGINAL = _patch_snapshot()
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)

    tools = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "thop": _version(thop, "thop"),
        "fvcore": _version(fvcore, "fvcore"),
        "ptflops": _version(ptflops, "ptflops"),
    }

    fmt = "{:<24} {:>11} {:>14} {:>12} {:>12} {:>14} {:>14} {:>14}"
    print(fmt.format("name", "params", "conv_linear", "functional", "matmul", "thop", "fvcore",
                     "ptflops"), flush=True)

    def row(name, rec):
        print(fmt.format(name, rec["params"], rec["conv_linear_macs"],
                         rec["functional_linear_macs"], rec["matmul_macs"], str(rec["thop_macs"]),
                         str(rec["fvcore_flops"]), str(rec["ptflops_macs"])), flush=True)

    models = []
    for name, source, desc, builder, shape, dtype in MODELS:
        model = build(builder)
        vocab = model.wte.num_embeddings if isinstance(model, GPT) else None
        if name == "gpt2-small":
            assert sum(p.numel() for p in model.parameters()) == GPT2_SMALL_PARAMS
        rec, notes = measure(model, shape, dtype, vocab)
        rec.update({"name": name, "source": source, "model": desc, "input": list(shape),
                    "input_dtype": dtype})
        if notes:
            rec["notes"] = notes
        models.append(rec)
        row(name, rec)

    ops = []
    print()
    for name, code, shape, dtype, builder in OPS:
        model = build(builder)
        vocab = model.num_embeddings if isinstance(model, nn.Embedding) else None
        rec, notes = measure(model, shape, dtype, vocab)
        del rec["layers"]
        rec.update({"name": name, "code": code, "input": list(shape), "input_dtype": dtype})
        if notes:
            rec["notes"] = notes
        ops.append(rec)
        row(name, rec)

    cf = closed_forms()
    for rec in models:
        if rec["name"].startswith("gpt2-small"):
            T = rec["input"][0]
            assert rec["conv_linear_macs"] + rec["matmul_macs"] == forward_macs(GPT2_SMALL, T)
    print()
    for s in cf["cached_steps_measured"]:
        print(f"cached step p={s['position']}: {s['macs']} MACs, KV cache {s['kv_cache_elements_after']}")

    with open(os.path.join(HERE, "transformers.json"), "w") as f:
        json.dump({"tools": tools, "models": models, "ops": ops, "closed_forms": cf,
                   "published": published()}, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
