#!/usr/bin/env python3
"""Oracle for tissue: torchvision CNNs and the operations they are made of.

Companion of oracle.py (same conventions: batch 1, float32, eval(), every
tool on its own deep copy, ptflops' patches checked and restored after every
call, warnings off for the counted runs).  Writes torchvision_cnn.json next to
this script:

  models  15 torchvision CNNs (weights=None, builder defaults; GoogLeNet and
          Inception v3 with aux_logits=False, init_weights=False) at their
          default input size, with per-tool totals AND per-tool breakdowns:
            thop_by_class          per-module total_ops summed by module class
                                   (every leaf class listed, 0 if thop has no hook)
            fvcore_by_operator     FlopCountAnalysis.by_operator()
            fvcore_unsupported_ops the aten ops fvcore skipped, with counts
            ptflops_by_class       per-module __flops__ summed by module class
            ptflops_functional     what ptflops counted through its patched
                                   functions (F.relu, F.avg_pool2d, torch.add, ...),
                                   per function and per calling module class
            layers                 every Conv2d/Linear/BatchNorm2d/LayerNorm/
                                   GroupNorm call as {op, output, params}, sorted
            torch_calls            every torch-level call of the forward pass
                                   ("<function> @<innermost module class>": count)
            rules                  what the per-operation rules of
                                   torchvision_cnn.md predict for each tool, computed
                                   from an independent trace of the forward pass
                                   (not from the tools); rules_match says whether
                                   they reproduce the tools exactly
  ops     single-operation micro cases (squeeze-excitation, broadcast mul/add,
          ConvNeXt layer scale / LayerNorm2d / CNBlock, LayerNorm, GroupNorm,
          adaptive average pooling, mean, StochasticDepth, functional forms of
          relu/pools/dropout/linear/conv/activations, flatten/cat/view/reshape,
          upsampling), with the same fields plus `form`, the ordered `calls`
          (in which form PyTorch calls each operation, inside which module) and
          the `warnings` / `errors` of each tool.

Regenerate (from the repository root; nothing is downloaded):

    /tmp/venv/bin/python Tests/Fixtures/oracle/torchvision_cnn.py

Two runs give byte-identical JSON.
"""

import contextlib
import copy
import io
import json
import logging
import os
import sys
import time
import warnings
from collections import Counter, defaultdict

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.overrides import TorchFunctionMode

warnings.filterwarnings("ignore")

import thop  # noqa: E402
import thop.profile  # noqa: E402,F401
thop_profile = sys.modules["thop.profile"]  # the module (thop.profile is also a function)
import fvcore  # noqa: E402
import ptflops  # noqa: E402
from fvcore.nn import FlopCountAnalysis  # noqa: E402
from ptflops import get_model_complexity_info  # noqa: E402
from ptflops import pytorch_engine as pe  # noqa: E402
from ptflops import pytorch_ops as po  # noqa: E402
from torchvision.models.convnext import CNBlock, LayerNorm2d  # noqa: E402
from torchvision.ops import SqueezeExcitation, StochasticDepth  # noqa: E402
from torchvision.ops.misc import Permute  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)


def _version(mod, dist):
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return getattr(mod, "__version__", "unknown")


def prod(xs):
    r = 1
    for v in xs:
        r *= int(v)
    return r


# ---------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------

def tvm(name, **kw):
    def build():
        return getattr(torchvision.models, name)(weights=None, **kw)
    args = ", ".join(["weights=None"] + [f"{k}={v}" for k, v in kw.items()])
    return build, f"torchvision.models.{name}({args})"


MODELS = [
    ("mobilenet_v3_small", tvm("mobilenet_v3_small"), (3, 224, 224)),
    ("mobilenet_v3_large", tvm("mobilenet_v3_large"), (3, 224, 224)),
    ("efficientnet_b0", tvm("efficientnet_b0"), (3, 224, 224)),
    ("regnet_y_400mf", tvm("regnet_y_400mf"), (3, 224, 224)),
    ("regnet_x_400mf", tvm("regnet_x_400mf"), (3, 224, 224)),
    ("convnext_tiny", tvm("convnext_tiny"), (3, 224, 224)),
    ("googlenet", tvm("googlenet", aux_logits=False, init_weights=False), (3, 224, 224)),
    ("inception_v3", tvm("inception_v3", aux_logits=False, init_weights=False), (3, 299, 299)),
    ("densenet121", tvm("densenet121"), (3, 224, 224)),
    ("mnasnet1_0", tvm("mnasnet1_0"), (3, 224, 224)),
    ("alexnet", tvm("alexnet"), (3, 224, 224)),
    ("vgg11_bn", tvm("vgg11_bn"), (3, 224, 224)),
    ("wide_resnet50_2", tvm("wide_resnet50_2"), (3, 224, 224)),
    ("squeezenet1_0", tvm("squeezenet1_0"), (3, 224, 224)),
    ("shufflenet_v2_x0_5", tvm("shufflenet_v2_x0_5"), (3, 224, 224)),
]


# ---------------------------------------------------------------------------
# Single-operation cases.  Each builder returns an nn.Module whose forward is
# the operation in the form named by `form`:
#   module      an nn.Module from torch.nn / torchvision.ops called as a module
#   functional  a torch.nn.functional / torch.* function called in forward()
#   tensor-op   a Python operator (*, +, +=) or Tensor method
#   composite   a torchvision block made of modules and functional ops
# ---------------------------------------------------------------------------

class Fn(nn.Module):
    """A module whose forward is the given function of the input (and self)."""

    def __init__(self, fn, **modules):
        super().__init__()
        self.fn = fn
        for k, v in modules.items():
            setattr(self, k, v)

    def forward(self, x):
        return self.fn(self, x)


class LayerScale(nn.Module):
    """ConvNeXt's layer scale: a learned C x 1 x 1 parameter times x (CNBlock.forward)."""

    def __init__(self, c, value=1e-6, how="operator"):
        super().__init__()
        self.layer_scale = nn.Parameter(torch.ones(c, 1, 1) * value)
        self.how = how

    def forward(self, x):
        if self.how == "operator":
            return self.layer_scale * x
        return torch.mul(self.layer_scale, x)


def fn(f, **modules):
    return lambda: Fn(f, **modules)


def _slice_scale(x):
    # a C x 1 x 1 activation taken from x itself (1 x C x 1 x 1, like the SE
    # scale); basic indexing is a view: no tool counts it (fvcore: aten::slice
    # is on its ignore list)
    return x[:, :, :1, :1]


def _conv(cin, cout, k, s=1, p=0, g=1, bias=True):
    return nn.Conv2d(cin, cout, k, stride=s, padding=p, groups=g, bias=bias)


OPS = []


def op(name, form, description, shape, builder):
    OPS.append((name, form, description, shape, builder))


# squeeze-excitation, as torchvision writes it
op("se-default", "composite",
   "torchvision.ops.SqueezeExcitation(16, 8): AdaptiveAvgPool2d(1) -> Conv2d 1x1 -> ReLU -> "
   "Conv2d 1x1 -> Sigmoid -> scale * input (RegNetY uses this default form)",
   (16, 7, 7), lambda: SqueezeExcitation(16, 8))
op("se-default-even", "composite", "torchvision.ops.SqueezeExcitation(16, 4) on 16x8x8",
   (16, 8, 8), lambda: SqueezeExcitation(16, 4))
op("se-mobilenetv3", "composite",
   "MobileNetV3's SE: SqueezeExcitation(16, 8, scale_activation=nn.Hardsigmoid) "
   "(activation = default nn.ReLU)",
   (16, 7, 7), lambda: SqueezeExcitation(16, 8, scale_activation=nn.Hardsigmoid))
op("se-efficientnet", "composite",
   "EfficientNet's SE: SqueezeExcitation(16, 4, activation=nn.SiLU) (scale_activation = default "
   "nn.Sigmoid)",
   (16, 7, 7), lambda: SqueezeExcitation(16, 4, activation=nn.SiLU))

# broadcast elementwise ops with a C x 1 x 1 operand
op("mul-broadcast", "tensor-op", "s * x, s = x[:, :, :1, :1] (1xCx1x1 times 1xCxHxW)",
   (8, 6, 6), fn(lambda m, x: _slice_scale(x) * x))
op("mul-broadcast-rhs", "tensor-op", "x * s, s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: x * _slice_scale(x)))
op("add-broadcast", "tensor-op", "x + s, s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: x + _slice_scale(x)))
op("iadd-broadcast", "tensor-op", "a = x[:, :, 1:, :]; a += s, s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: x[:, :, 1:, :].__iadd__(_slice_scale(x))))
op("torch-mul-broadcast", "functional", "torch.mul(s, x), s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: torch.mul(_slice_scale(x), x)))
op("tensor-mul-broadcast", "tensor-op", "x.mul(s), s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: x.mul(_slice_scale(x))))
op("torch-add-broadcast", "functional", "torch.add(x, s), s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: torch.add(x, _slice_scale(x))))
op("tensor-add-broadcast", "tensor-op", "x.add(s), s = x[:, :, :1, :1]",
   (8, 6, 6), fn(lambda m, x: x.add(_slice_scale(x))))
op("mul-same", "tensor-op", "x * x", (8, 6, 6), fn(lambda m, x: x * x))
op("add-same", "tensor-op", "x + x", (8, 6, 6), fn(lambda m, x: x + x))

# ConvNeXt
op("layer-scale", "tensor-op",
   "ConvNeXt layer scale: self.layer_scale * x, layer_scale = nn.Parameter(C x 1 x 1)",
   (8, 6, 6), lambda: LayerScale(8))
op("layer-scale-torch-mul", "functional",
   "torch.mul(self.layer_scale, x) with the C x 1 x 1 parameter (3-D times 4-D: shows "
   "ptflops' left-aligned broadcast rule)",
   (8, 6, 6), lambda: LayerScale(8, how="torch.mul"))
op("layernorm2d", "module",
   "torchvision.models.convnext.LayerNorm2d(8, eps=1e-6): permute, F.layer_norm over C, permute",
   (8, 6, 6), lambda: LayerNorm2d(8, eps=1e-6))
op("cnblock", "composite",
   "torchvision.models.convnext.CNBlock(16, layer_scale=1e-6, stochastic_depth_prob=0.1): "
   "dwconv7x7 -> Permute -> nn.LayerNorm -> Linear(4C) -> GELU -> Linear(C) -> Permute -> "
   "layer_scale * . -> StochasticDepth -> += input",
   (16, 7, 7), lambda: CNBlock(16, 1e-6, 0.1))

# LayerNorm / GroupNorm
op("layernorm-hwc", "module", "nn.LayerNorm(8) over the last axis of a 6x6x8 (HxWxC) input",
   (6, 6, 8), lambda: nn.LayerNorm(8))
op("layernorm-noaffine", "module", "nn.LayerNorm(8, elementwise_affine=False) on 6x6x8",
   (6, 6, 8), lambda: nn.LayerNorm(8, elementwise_affine=False))
op("layernorm-permuted", "composite",
   "Permute([0,2,3,1]) -> nn.LayerNorm(8) -> Permute([0,3,1,2]) on 8x6x6 (CNBlock's form)",
   (8, 6, 6), lambda: nn.Sequential(Permute([0, 2, 3, 1]), nn.LayerNorm(8),
                                    Permute([0, 3, 1, 2])))
for _g in (1, 2, 4, 8):
    op(f"groupnorm-g{_g}", "module", f"nn.GroupNorm({_g}, 8) on 8x6x6",
       (8, 6, 6), (lambda g: (lambda: nn.GroupNorm(g, 8)))(_g))
op("groupnorm-g2-noaffine", "module", "nn.GroupNorm(2, 8, affine=False) on 8x6x6",
   (8, 6, 6), lambda: nn.GroupNorm(2, 8, affine=False))
op("groupnorm-g4-c16", "module", "nn.GroupNorm(4, 16) on 16x7x5",
   (16, 7, 5), lambda: nn.GroupNorm(4, 16))

# adaptive average pooling (module), including sizes not divisible by k
for _c, _h, _w, _k in [(4, 8, 8, 1), (4, 8, 8, 2), (4, 8, 8, 3), (4, 8, 8, 7),
                       (4, 7, 7, 7), (4, 13, 13, 7), (3, 13, 13, 7), (16, 13, 13, 7),
                       (4, 14, 14, 7), (4, 6, 6, 4), (5, 6, 6, 4), (4, 9, 9, 3),
                       (4, 5, 5, 2), (4, 5, 5, 7), (4, 10, 7, (3, 2)), (4, 7, 7, 1),
                       (256, 13, 13, 6), (512, 7, 7, 7)]:
    _ks = f"{_k[0]}x{_k[1]}" if isinstance(_k, tuple) else str(_k)
    op(f"adaptiveavgpool-{_ks}-{_c}x{_h}x{_w}", "module",
       f"nn.AdaptiveAvgPool2d({_k}) on {_c}x{_h}x{_w}",
       (_c, _h, _w), (lambda k: (lambda: nn.AdaptiveAvgPool2d(k)))(_k))
op("f-adaptiveavgpool-1", "functional", "F.adaptive_avg_pool2d(x, 1) (MobileNetV2's form)",
   (8, 7, 7), fn(lambda m, x: F.adaptive_avg_pool2d(x, 1)))
op("f-adaptiveavgpool-1x1", "functional", "F.adaptive_avg_pool2d(x, (1, 1)) (DenseNet's form)",
   (8, 7, 7), fn(lambda m, x: F.adaptive_avg_pool2d(x, (1, 1))))
op("f-adaptiveavgpool-7-13x13", "functional", "F.adaptive_avg_pool2d(x, 7) on 4x13x13",
   (4, 13, 13), fn(lambda m, x: F.adaptive_avg_pool2d(x, 7)))
op("mean-hw", "tensor-op", "x.mean([2, 3]) (ShuffleNetV2 / MNASNet's global pool)",
   (8, 7, 7), fn(lambda m, x: x.mean([2, 3])))
op("mean-hw-keepdim", "tensor-op", "x.mean([2, 3], keepdim=True)",
   (8, 7, 7), fn(lambda m, x: x.mean([2, 3], keepdim=True)))
op("stochasticdepth-row", "module", "torchvision.ops.StochasticDepth(0.2, 'row') in eval()",
   (8, 6, 6), lambda: StochasticDepth(0.2, "row"))
op("stochasticdepth-batch", "module", "torchvision.ops.StochasticDepth(0.2, 'batch') in eval()",
   (8, 6, 6), lambda: StochasticDepth(0.2, "batch"))

# functional forms
op("f-relu", "functional", "F.relu(x)", (4, 8, 8), fn(lambda m, x: F.relu(x)))
op("f-relu-inplace", "functional", "F.relu(x, inplace=True) (GoogLeNet/Inception/DenseNet form)",
   (4, 8, 8), fn(lambda m, x: F.relu(x, inplace=True)))
op("relu-module-inplace", "module", "nn.ReLU(inplace=True)", (4, 8, 8),
   lambda: nn.ReLU(inplace=True))
op("torch-relu", "functional", "torch.relu(x)", (4, 8, 8), fn(lambda m, x: torch.relu(x)))
op("f-relu6", "functional", "F.relu6(x)", (4, 8, 8), fn(lambda m, x: F.relu6(x)))
op("f-maxpool-3s2", "functional", "F.max_pool2d(x, kernel_size=3, stride=2) (Inception form)",
   (4, 9, 9), fn(lambda m, x: F.max_pool2d(x, kernel_size=3, stride=2)))
op("f-maxpool-2", "functional", "F.max_pool2d(x, 2)", (4, 8, 8),
   fn(lambda m, x: F.max_pool2d(x, 2)))
op("f-maxpool-pad", "functional", "F.max_pool2d(x, 3, 2, 1)", (4, 9, 9),
   fn(lambda m, x: F.max_pool2d(x, 3, 2, 1)))
op("f-maxpool-ceil", "functional", "F.max_pool2d(x, 3, 2, ceil_mode=True)", (4, 8, 8),
   fn(lambda m, x: F.max_pool2d(x, 3, 2, ceil_mode=True)))
op("maxpool-module-ceil-s1", "module",
   "nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True) (GoogLeNet branch4)",
   (4, 7, 7), lambda: nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True))
op("f-avgpool-3s1p1", "functional",
   "F.avg_pool2d(x, kernel_size=3, stride=1, padding=1) (Inception branch_pool)",
   (4, 8, 8), fn(lambda m, x: F.avg_pool2d(x, kernel_size=3, stride=1, padding=1)))
op("f-avgpool-2", "functional", "F.avg_pool2d(x, 2)", (4, 8, 8),
   fn(lambda m, x: F.avg_pool2d(x, 2)))
op("f-avgpool-ceil", "functional", "F.avg_pool2d(x, 3, 2, ceil_mode=True)", (4, 8, 8),
   fn(lambda m, x: F.avg_pool2d(x, 3, 2, ceil_mode=True)))
op("f-avgpool-pad-ceil", "functional", "F.avg_pool2d(x, 3, 2, 1, ceil_mode=True)", (4, 9, 9),
   fn(lambda m, x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True)))
op("f-avgpool-5s3", "functional", "F.avg_pool2d(x, kernel_size=5, stride=3) (InceptionAux)",
   (4, 17, 17), fn(lambda m, x: F.avg_pool2d(x, kernel_size=5, stride=3)))
op("avgpool-module-2", "module", "nn.AvgPool2d(2, 2) (DenseNet transition)", (4, 8, 8),
   lambda: nn.AvgPool2d(2, 2))
op("f-dropout-eval", "functional", "F.dropout(x, 0.5, training=False)", (4, 8, 8),
   fn(lambda m, x: F.dropout(x, 0.5, training=False)))
op("dropout-module-inplace", "module", "nn.Dropout(p=0.2, inplace=True) in eval()", (10,),
   lambda: nn.Dropout(p=0.2, inplace=True))
op("f-linear", "functional", "F.linear(x, fc.weight, fc.bias) with an nn.Linear(10, 5)'s parameters",
   (10,), fn(lambda m, x: F.linear(x, m.fc.weight, m.fc.bias), fc=nn.Linear(10, 5)))
op("f-linear-nobias", "functional", "F.linear(x, fc.weight) with an nn.Linear(10, 5, bias=False)",
   (10,), fn(lambda m, x: F.linear(x, m.fc.weight), fc=nn.Linear(10, 5, bias=False)))
op("linear-channels-last", "module",
   "nn.Linear(8, 32) on a 6x6x8 (HxWxC) input (CNBlock's pointwise linear)",
   (6, 6, 8), lambda: nn.Linear(8, 32))
op("f-conv2d", "functional",
   "F.conv2d(x, conv.weight, conv.bias, stride=2, padding=1) with an nn.Conv2d(4, 8, 3)'s parameters",
   (4, 9, 9), fn(lambda m, x: F.conv2d(x, m.conv.weight, m.conv.bias, stride=2, padding=1),
                 conv=_conv(4, 8, 3)))
op("f-conv2d-nobias", "functional", "F.conv2d(x, conv.weight) with nn.Conv2d(4, 8, 1, bias=False)",
   (4, 8, 8), fn(lambda m, x: F.conv2d(x, m.conv.weight), conv=_conv(4, 8, 1, bias=False)))
op("f-conv2d-depthwise", "functional",
   "F.conv2d(x, conv.weight, conv.bias, padding=1, groups=8) with nn.Conv2d(8, 8, 3, groups=8)",
   (8, 6, 6), fn(lambda m, x: F.conv2d(x, m.conv.weight, m.conv.bias, padding=1, groups=8),
                 conv=_conv(8, 8, 3, g=8)))
op("conv-depthwise-7x7", "module", "nn.Conv2d(16, 16, 7, padding=3, groups=16) (CNBlock dwconv)",
   (16, 7, 7), lambda: _conv(16, 16, 7, p=3, g=16))
op("f-hardswish", "functional", "F.hardswish(x)", (4, 8, 8), fn(lambda m, x: F.hardswish(x)))
op("hardswish-module-inplace", "module", "nn.Hardswish(inplace=True)", (4, 8, 8),
   lambda: nn.Hardswish(inplace=True))
op("f-hardsigmoid", "functional", "F.hardsigmoid(x)", (4, 8, 8),
   fn(lambda m, x: F.hardsigmoid(x)))
op("f-silu", "functional", "F.silu(x)", (4, 8, 8), fn(lambda m, x: F.silu(x)))
op("silu-module-inplace", "module", "nn.SiLU(inplace=True)", (4, 8, 8),
   lambda: nn.SiLU(inplace=True))
op("f-sigmoid", "functional", "F.sigmoid(x)", (4, 8, 8), fn(lambda m, x: F.sigmoid(x)))
op("torch-sigmoid", "functional", "torch.sigmoid(x)", (4, 8, 8),
   fn(lambda m, x: torch.sigmoid(x)))
op("f-gelu", "functional", "F.gelu(x)", (4, 8, 8), fn(lambda m, x: F.gelu(x)))
op("torch-flatten", "functional", "torch.flatten(x, 1)", (4, 8, 8),
   fn(lambda m, x: torch.flatten(x, 1)))
op("torch-cat", "functional", "torch.cat([x, x], 1)", (4, 8, 8),
   fn(lambda m, x: torch.cat([x, x], 1)))
op("view", "tensor-op", "x.view(x.size(0), -1)", (4, 8, 8),
   fn(lambda m, x: x.view(x.size(0), -1)))
op("reshape", "tensor-op", "x.reshape(1, -1)", (4, 8, 8), fn(lambda m, x: x.reshape(1, -1)))
op("permute-module", "module", "torchvision.ops.misc.Permute([0, 2, 3, 1])", (4, 8, 8),
   lambda: Permute([0, 2, 3, 1]))
op("upsample-nearest-module", "module", "nn.Upsample(scale_factor=2, mode='nearest')",
   (4, 5, 5), lambda: nn.Upsample(scale_factor=2, mode="nearest"))
op("f-interpolate-nearest", "functional", "F.interpolate(x, scale_factor=2, mode='nearest')",
   (4, 5, 5), fn(lambda m, x: F.interpolate(x, scale_factor=2, mode="nearest")))
op("f-interpolate-nearest-1.7", "functional",
   "F.interpolate(x, scale_factor=1.7, mode='nearest') (ptflops: a float count, truncated at the end)",
   (4, 5, 5), fn(lambda m, x: F.interpolate(x, scale_factor=1.7, mode="nearest")))
op("f-interpolate-bilinear-size", "functional",
   "F.interpolate(x, size=(9, 7), mode='bilinear', align_corners=False)",
   (4, 5, 5), fn(lambda m, x: F.interpolate(x, size=(9, 7), mode="bilinear",
                                            align_corners=False)))


# ---------------------------------------------------------------------------
# ptflops' patches: the set is read from ptflops itself (and must equal the
# list documented in torchvision_cnn.md); every call restores and checks.
# ---------------------------------------------------------------------------

def _patch_snapshot():
    names = [n for n in dir(F) if not n.startswith("_")]
    snap = {("F", n): getattr(F, n) for n in names}
    for n in ("matmul", "mm", "bmm", "addmm", "baddbmm", "mul", "add"):
        snap[("torch", n)] = getattr(torch, n)
        if hasattr(torch.Tensor, n):
            snap[("Tensor", n)] = getattr(torch.Tensor, n)
    return snap


_ORIGINAL = _patch_snapshot()
_OWNERS = {"F": F, "torch": torch, "Tensor": torch.Tensor}


def _restore_patches(quiet=False):
    leaked = []
    for (where, n), f in _ORIGINAL.items():
        owner = _OWNERS[where]
        if getattr(owner, n) is not f:
            leaked.append(f"{where}.{n}")
            setattr(owner, n, f)
    if leaked and not quiet:
        print(f"  warning: restored leaked patches: {leaked}", file=sys.stderr)


def _ptflops_patched_attrs():
    pe.patch_functional([])
    pe.patch_tensor_ops([])
    try:
        changed = sorted(f"{w}.{n}" for (w, n), f in _ORIGINAL.items()
                         if getattr(_OWNERS[w], n) is not f)
    finally:
        pe.unpatch_functional()
        pe.unpatch_tensor_ops()
        _restore_patches()
    return changed


PTFLOPS_PATCHED = _ptflops_patched_attrs()
PTFLOPS_PATCHED_DOC = sorted(
    [f"F.{n}" for n in ("relu", "prelu", "elu", "relu6", "gelu", "silu", "softmax",
                        "upsample", "interpolate")]
    + [f"F.{k}_pool{d}d" for k in ("avg", "max", "adaptive_avg", "adaptive_max")
       for d in (1, 2, 3)]
    + [f"torch.{n}" for n in ("matmul", "mm", "bmm", "addmm", "baddbmm", "mul", "add")]
    + [f"Tensor.{n}" for n in ("matmul", "mm", "bmm", "addmm", "mul", "add")])
assert PTFLOPS_PATCHED == PTFLOPS_PATCHED_DOC, PTFLOPS_PATCHED


# ---------------------------------------------------------------------------
# The per-operation rules (torchvision_cnn.md), written from the tools' source
# but evaluated on our own trace of the forward pass, never by the tools.
# ---------------------------------------------------------------------------

def _shape(t):
    return tuple(int(v) for v in t.shape)


def thop_rule(m, inp, out):
    """thop 0.1.1 profile(): forward hook by exact type (profile.py:21-66,
    basic_hooks.py, calc_func.py).  None: thop has no hook for this type."""
    t = type(m)
    x = inp[0] if inp else None
    if t in (nn.Conv1d, nn.Conv2d, nn.Conv3d):
        return out.numel() * (x.shape[1] // m.groups) * prod(m.weight.shape[2:])
    if t in (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.SyncBatchNorm,
             nn.InstanceNorm1d, nn.InstanceNorm2d, nn.InstanceNorm3d, nn.LayerNorm):
        aff = getattr(m, "affine", False) or getattr(m, "elementwise_affine", False)
        return 2 * x.numel() * (2 if aff else 1)
    if t is nn.Linear:
        return m.in_features * out.numel()
    if t in (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d):
        return out.numel()
    if t in (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d):
        k = 1.0
        for a, b in zip(x.shape[2:], out.shape[2:]):
            k *= float(a) / float(b)  # float64 division, like torch.DoubleTensor
        return int((k + 1) * out.numel())  # truncation, calc_func.py:69-72
    if t is nn.PReLU:
        return 0 if m.training else x.numel()  # count_prelu, basic_hooks.py:82-87
    if t is nn.Softmax:
        n = x.shape[m.dim]
        return (x.numel() // n) * (3 * n - 1)
    if t in (nn.ReLU, nn.ReLU6, nn.LeakyReLU, nn.ZeroPad2d, nn.Dropout, nn.Sequential,
             nn.PixelShuffle, nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d,
             nn.AdaptiveMaxPool1d, nn.AdaptiveMaxPool2d, nn.AdaptiveMaxPool3d):
        return 0
    if t in (nn.Upsample, nn.UpsamplingNearest2d, nn.UpsamplingBilinear2d):
        f = {"nearest": 1, "linear": 5, "bilinear": 11, "bicubic": 259}.get(m.mode, 0)
        return f * out.numel()
    if t in thop_profile.register_hooks:
        raise NotImplementedError(f"thop rule for {t.__name__}")
    return None


def ptflops_module_rule(m, inp, out):
    """ptflops 0.7.5 MODULES_MAPPING (pytorch_ops.py:271-321), exact type."""
    t = type(m)
    x = inp[0] if inp else None
    if t in (nn.Conv1d, nn.Conv2d, nn.Conv3d):
        per_pos = prod(m.kernel_size) * (m.in_channels * (m.out_channels // m.groups))
        flops = per_pos * out.shape[0] * prod(out.shape[2:])
        if m.bias is not None:
            flops += out.numel()
        return flops
    if t in (nn.ReLU, nn.PReLU, nn.ELU, nn.LeakyReLU, nn.ReLU6, nn.GELU):
        return out.numel()
    if t in (nn.MaxPool1d, nn.AvgPool1d, nn.AvgPool2d, nn.MaxPool2d, nn.MaxPool3d,
             nn.AvgPool3d, nn.AdaptiveMaxPool1d, nn.AdaptiveAvgPool1d, nn.AdaptiveMaxPool2d,
             nn.AdaptiveAvgPool2d, nn.AdaptiveMaxPool3d, nn.AdaptiveAvgPool3d):
        return x.numel()
    if t in (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d, nn.InstanceNorm1d,
             nn.InstanceNorm2d, nn.InstanceNorm3d, nn.GroupNorm, nn.LayerNorm):
        return x.numel() * (2 if getattr(m, "affine", False) else 1)
    if t is nn.Linear:
        return (x.shape[-1] * out.shape[-1] + (out.shape[-1] if m.bias is not None else 0)) \
            * prod(x.shape[:-1])
    if t is nn.Upsample:
        return out.numel()
    if t in po.MODULES_MAPPING:
        raise NotImplementedError(f"ptflops rule for {t.__name__}")
    return None


def _first_input(args, kwargs):
    return args[0] if args else kwargs.get("input")


def ptflops_functional_rule(attr, args, kwargs):
    """ptflops 0.7.5 FUNCTIONAL_MAPPING / TENSOR_OPS_MAPPING (pytorch_ops.py:339-469)."""
    if attr in ("F.interpolate", "F.upsample"):
        x = _first_input(args, kwargs)
        size = kwargs.get("size", args[1] if len(args) > 1 else None)
        if size is not None:
            if isinstance(size, (tuple, list)):
                return prod(size) * prod(x.shape[:2])
            return int(size) ** (x.dim() - 2) * prod(x.shape[:2])
        sf = kwargs.get("scale_factor", args[2] if len(args) > 2 else None)
        if isinstance(sf, tuple) and len(sf) == x.dim() - 2:
            return x.numel() * prod(sf)
        return x.numel() * sf ** (x.dim() - 2)
    if attr.startswith("F."):
        return _first_input(args, kwargs).numel()
    name = attr.split(".", 1)[1]
    if name in ("mul", "add"):
        a, b = args[0], args[1]
        if not torch.is_tensor(a):
            return b.numel() if torch.is_tensor(b) else 1
        if not torch.is_tensor(b):
            return a.numel()
        # ptflops aligns the two shapes from the LEFT (pytorch_ops.py:405-418)
        n = max(a.dim(), b.dim())
        out = 1
        for i in range(n):
            ai = a.shape[i] if i < a.dim() else 1
            bi = b.shape[i] if i < b.dim() else 1
            out *= max(int(ai), int(bi))
        return out
    if name in ("matmul", "mm", "bmm"):
        return args[0].numel() * args[1].shape[-1]
    if name in ("addmm", "baddbmm"):
        inp, m1, m2 = args[0], args[1], args[2]
        f = m1.numel() * m2.shape[-1]
        if kwargs.get("beta", 1) != 0:
            f += inp.numel()
        return f
    raise NotImplementedError(attr)


FV_CONV = {torch.conv1d, torch.conv2d, torch.conv3d}
ORIG_F = {n: f for (w, n), f in _ORIGINAL.items() if w == "F"}


def fvcore_rule(func, args, kwargs, out):
    """fvcore 0.1.5 _DEFAULT_SUPPORTED_OPS (flop_count.py:26-44, jit_handles.py):
    (operator name, flops) for the aten op this torch call records, or None if
    the op is unsupported / ignored (0 flops)."""
    x = _first_input(args, kwargs)

    def arg(i, name, default=None):
        return args[i] if len(args) > i else kwargs.get(name, default)

    if func in FV_CONV:
        w = arg(1, "weight")
        return "conv", out.shape[0] * prod(w.shape) * prod(out.shape[2:])
    if func is F.linear:
        w = arg(1, "weight")
        return "linear", prod(x.shape) * w.shape[0]
    if func is F.batch_norm:
        weight, training = arg(3, "weight"), arg(5, "training", False)
        if training:
            return "batch_norm", x.numel() * (5 if weight is not None else 4)
        return "batch_norm", x.numel() * (2 if weight is not None else 1)
    if func is F.layer_norm:
        return "layer_norm", x.numel() * (5 if arg(2, "weight") is not None else 4)
    if func is F.group_norm:
        return "group_norm", x.numel() * (5 if arg(2, "weight") is not None else 4)
    if func is ORIG_F["adaptive_avg_pool2d"]:
        return "adaptive_avg_pool2d", x.numel()
    if func is ORIG_F["interpolate"]:
        mode = arg(3, "mode", "nearest")
        if mode == "nearest":
            return "upsample_nearest2d", out.numel()
        if mode == "bilinear":
            return "upsample_bilinear2d", 4 * out.numel()
        return None
    if func in (torch.matmul, torch.mm, torch.bmm, torch.addmm, torch.einsum):
        raise NotImplementedError(func)
    return None


# ---------------------------------------------------------------------------
# Our own trace of the forward pass: every torch-level call (TorchFunctionMode:
# only the outermost call is seen), every module call (forward hooks), and
# every call made through one of the attributes ptflops patches (our own thin
# wrappers in the same places, so calls nested inside torch functions are seen
# too).
# ---------------------------------------------------------------------------

NOISE = {"__get__", "size", "dim", "numel", "is_contiguous", "_set_grad_enabled",
         "__len__", "__format__", "__repr__", "__bool__", "__index__", "__int__",
         "is_floating_point", "stride", "storage_offset", "data_ptr", "__hash__",
         "is_scripting", "is_tracing", "__setstate__", "__reduce_ex__", "_has_compatible_shallow_copy_type"}


def _func_name(func):
    name = getattr(func, "__name__", repr(func))
    mod = getattr(func, "__module__", None)
    if mod == "torch.nn.functional" or getattr(F, name, None) is func:
        return f"F.{name}"
    qn = getattr(func, "__qualname__", "")
    if qn.startswith("TensorBase.") or qn.startswith("Tensor."):
        return f"Tensor.{name}"
    if getattr(torch, name, None) is func or mod in ("torch", "torch._C._VariableFunctions"):
        return f"torch.{name}"
    if mod and mod.startswith("torch._C._nn"):
        return f"F.{name}"
    return f"{mod}.{qn or name}"


class Trace:
    def __init__(self):
        self.stack = []
        self.busy = False
        self.via = None
        self.active = None
        self.modules = []     # (module, inputs, output)
        self.calls = []       # (label, path, func, fv)
        self.patched = []     # (attr, ctx module, flops)


class _Mode(TorchFunctionMode):
    def __init__(self, tr):
        super().__init__()
        self.tr = tr

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        tr = self.tr
        via = tr.via
        tr.via = None
        # The function handed to the mode can be one of our wrappers although the
        # user code never called it: a Python function in torch.nn.functional
        # re-dispatches through its module-level name (F.relu -> relu), and the
        # operator `x * s` is re-dispatched as the attribute Tensor.mul.  Call
        # the original: only calls made by the code itself go through wrappers.
        func = getattr(func, "_orig", func)
        out = func(*args, **kwargs)
        if not tr.busy:
            tr.busy = True
            try:
                name = _func_name(func)
                if name.split(".")[-1] not in NOISE:
                    if name in ("Tensor.mul", "Tensor.add", "Tensor.sub", "Tensor.div") \
                            and via is None:
                        label = {"Tensor.mul": "operator *", "Tensor.add": "operator +",
                                 "Tensor.sub": "operator -", "Tensor.div": "operator /"}[name]
                    elif via is not None and via != name:
                        label = via
                    else:
                        label = name
                    fv = fvcore_rule(func, args, kwargs, out) if torch.is_tensor(out) else None
                    cl = None
                    if func in FV_CONV:
                        w = args[1] if len(args) > 1 else kwargs["weight"]
                        cl = out.numel() * prod(w.shape[1:])
                    elif func is F.linear:
                        w = args[1] if len(args) > 1 else kwargs["weight"]
                        cl = out.numel() * w.shape[1]
                    tr.calls.append((label, [type(m).__name__ for m in tr.stack], fv, cl))
            finally:
                tr.busy = False
        return out


@contextlib.contextmanager
def traced(model):
    tr = Trace()
    handles = []

    def pre(m, inp):
        tr.stack.append(m)

    def post(m, inp, out):
        tr.busy = True
        try:
            tr.stack.pop()
            tr.modules.append((m, inp, out, tuple(tr.stack)))
        finally:
            tr.busy = False

    for m in model.modules():
        handles.append(m.register_forward_pre_hook(pre))
        handles.append(m.register_forward_hook(post))

    def wrap(attr, orig):
        def w(*args, **kwargs):
            # re-entry of the same wrapper (F.relu -> handle_torch_function(relu)
            # -> our mode -> relu again) is one call, not two
            if not tr.busy and tr.active != attr:
                tr.busy = True
                try:
                    flops = ptflops_functional_rule(attr, args, kwargs)
                    tr.patched.append((attr, tr.stack[-1] if tr.stack else None, flops))
                finally:
                    tr.busy = False
            prev = tr.active
            tr.active = attr
            tr.via = attr
            try:
                return orig(*args, **kwargs)
            finally:
                tr.via = None
                tr.active = prev
        w._orig = orig
        return w

    try:
        for a in PTFLOPS_PATCHED:
            w, n = a.split(".")
            setattr(_OWNERS[w], n, wrap(a, getattr(_OWNERS[w], n)))
        with _Mode(tr):
            yield tr
    finally:
        _restore_patches(quiet=True)  # our own wrappers
        for h in handles:
            h.remove()


def predict(model, x):
    """Run the forward pass under our trace and apply the rules."""
    m = copy.deepcopy(model)
    with traced(m) as tr:
        y = m(x)
    res = {"thop": 0, "fvcore": 0, "ptflops": 0}
    thop_cls, ptf_cls = Counter(), Counter()
    fv_ops = Counter()
    for mod, inp, out, ancestors in tr.modules:
        v = thop_rule(mod, inp, out)
        if v is not None and not isinstance(mod, (nn.Sequential, nn.ModuleList)):
            res["thop"] += v
            thop_cls[type(mod).__name__] += v
        # ptflops sums a supported module's __flops__ and does not descend into it
        if not any(type(a) in po.MODULES_MAPPING for a in ancestors):
            v = ptflops_module_rule(mod, inp, out)
            if v is not None:
                res["ptflops"] += v
                ptf_cls[type(mod).__name__] += v
    ptf_fun = Counter()
    for attr, ctx, flops in tr.patched:
        res["ptflops"] += flops
        ptf_fun[attr] += flops
    res["ptflops"] = int(res["ptflops"])  # pytorch_engine.py:93 int(flops_count)
    calls = []
    traced_macs = 0
    for label, path, fv, cl in tr.calls:
        if fv is not None:
            res["fvcore"] += fv[1]
            if fv[1]:
                fv_ops[fv[0]] += fv[1]
        if cl is not None:
            traced_macs += cl
        calls.append((label, path))
    return {
        "totals": res,
        "thop_by_class": dict(thop_cls),
        "fvcore_by_operator": dict(fv_ops),
        "ptflops_by_class": dict(ptf_cls),
        "ptflops_functional": {k: _num(v) for k, v in ptf_fun.items()},
        "calls": calls,
        "traced_conv_linear_macs": traced_macs,
        "output": list(y.shape[1:]),
    }


# ---------------------------------------------------------------------------
# Measurement with the real tools
# ---------------------------------------------------------------------------

def make_input(shape):
    g = torch.Generator().manual_seed(0)
    return torch.randn((1, *shape), generator=g, dtype=torch.float32)


def build(builder):
    torch.manual_seed(0)
    m = builder()
    m.eval()
    return m


def _num(v):
    """An int when the value is integral (numpy ints included), else a float."""
    f = float(v)
    return int(f) if f == int(f) else f


def _as_int(v, what):
    f = float(v)
    if f != int(f):
        raise ValueError(f"{what} returned a non-integer {f!r}")
    return int(f)


LAYER_OPS = [(LayerNorm2d, "layernorm2d"), (nn.Conv2d, "conv"), (nn.Linear, "linear"),
             (nn.BatchNorm2d, "bn"), (nn.LayerNorm, "layernorm"), (nn.GroupNorm, "groupnorm")]


def conv_linear_and_layers(model, x):
    model = copy.deepcopy(model)
    macs = [0]
    layers = []
    handles = []

    def hook(m, inp, out):
        own = sum(p.numel() for p in m.parameters(recurse=False))
        if isinstance(m, nn.Conv2d):
            kh, kw = m.kernel_size
            macs[0] += out.numel() * (m.in_channels // m.groups) * kh * kw
        elif isinstance(m, nn.Linear):
            macs[0] += out.numel() * m.in_features
        op = next(name for cls, name in LAYER_OPS if isinstance(m, cls))
        layers.append({"op": op, "output": list(out.shape[1:]), "params": int(own)})

    for m in model.modules():
        if isinstance(m, tuple(c for c, _ in LAYER_OPS)):
            handles.append(m.register_forward_hook(hook))
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()
    layers.sort(key=lambda d: (d["op"], d["output"], d["params"]))
    return list(y.shape[1:]), macs[0], layers


@contextlib.contextmanager
def captured():
    """Capture stdout, stderr, Python warnings and log records of a tool call."""
    out = io.StringIO()
    records = []

    class H(logging.Handler):
        def emit(self, rec):
            records.append(f"{rec.name}: {rec.getMessage()}")

    h = H()
    root = logging.getLogger()
    root.addHandler(h)
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            box = {}
            try:
                yield box
            finally:
                root.removeHandler(h)
                texts = [ln.strip() for ln in out.getvalue().splitlines() if ln.strip()]
                texts += records
                texts += [f"{w.category.__name__}: {w.message}" for w in ws]
                box["messages"] = sorted(set(texts))


def run_thop(model, x):
    m = copy.deepcopy(model)
    with captured() as box:
        macs, _ = thop.profile(m, inputs=(x,), verbose=False)
    total = _as_int(macs, "thop")
    # breakdown: a second run on a fresh copy with ret_layer_info=True
    m = copy.deepcopy(model)
    with captured():
        macs2, _, info = thop.profile(m, inputs=(x,), verbose=False, ret_layer_info=True)
    assert _as_int(macs2, "thop") == total
    by_class = Counter()
    unhooked = set()

    def walk(parent, d):
        s = 0
        for name, (ops, _params, nd) in d.items():
            child = parent._modules[name]
            ops = _as_int(ops, "thop module")
            hooked = type(child) in thop_profile.register_hooks and \
                not isinstance(child, (nn.Sequential, nn.ModuleList))
            if hooked or len(list(child.children())) == 0:
                by_class[type(child).__name__] += ops
                if type(child) not in thop_profile.register_hooks:
                    unhooked.add(type(child).__name__)
            else:
                own = ops - walk(child, nd)
                assert own == 0, (type(child).__name__, own)
            s += ops
        return s

    rest = total - walk(m, info)
    if len(list(m.children())) == 0:
        by_class[type(m).__name__] += rest
        if type(m) not in thop_profile.register_hooks:
            unhooked.add(type(m).__name__)
    else:
        assert rest == 0, rest
    assert sum(by_class.values()) == total
    return total, dict(by_class), sorted(unhooked), box["messages"]


def run_fvcore(model, x):
    m = copy.deepcopy(model)
    with captured() as box:
        a = FlopCountAnalysis(m, x)
        a.unsupported_ops_warnings(True)
        a.uncalled_modules_warnings(True)
        total = a.total()
        by_op = {k: _as_int(v, "fvcore op") for k, v in sorted(a.by_operator().items())}
        unsupported = {k: int(c) for k, c in sorted(a.unsupported_ops().items())}
        uncalled = sorted(a.uncalled_modules())
    total = _as_int(total, "fvcore")
    assert sum(by_op.values()) == total
    named = dict(m.named_modules())
    uncalled_cls = Counter(type(named[n]).__name__ for n in uncalled if n in named)
    return total, by_op, unsupported, dict(uncalled_cls), box["messages"]


def run_ptflops(model, shape):
    """The public call, exactly as oracle.py makes it."""
    m = copy.deepcopy(model)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            macs, _ = get_model_complexity_info(
                m, tuple(shape), as_strings=False, print_per_layer_stat=False,
                backend="pytorch", verbose=False)
    finally:
        _restore_patches()
    if macs is None:
        raise RuntimeError("ptflops failed: " + out.getvalue().strip().splitlines()[-1])
    return int(macs)


def run_ptflops_breakdown(model, shape):
    """The same public call (verbose=True, to record its warnings) with ptflops'
    own patch/collect functions wrapped for observation only: per-module
    __flops__ by class, and every patched-function call tagged with its
    function and the class of the innermost module executing it."""
    m = copy.deepcopy(model)
    stack = []
    handles = []
    def push(mod, inp):
        stack.append(mod)

    def pop(mod, inp, out):
        stack.pop()  # (a forward hook must return None: it would replace the output)

    for mod in m.modules():
        handles.append(mod.register_forward_pre_hook(push))
        handles.append(mod.register_forward_hook(pop))
    tagged = []
    by_class = Counter()
    module_total = [None]

    def tagger(attr, handler):
        def h(*args, **kwargs):
            flops = handler(*args, **kwargs)
            ctx = stack[-1] if stack else None
            tagged.append((attr, type(ctx).__name__ if ctx is not None else "-",
                           ctx is not None and pe.is_supported_instance(ctx), flops))
            return flops
        return h

    orig_pf, orig_pt, orig_cost = pe.patch_functional, pe.patch_tensor_ops, \
        pe.compute_average_flops_cost

    def patch_functional(collector):
        orig_pf(collector)
        for a in PTFLOPS_PATCHED:
            w, n = a.split(".")
            if w == "F":
                f = getattr(F, n)
                f.handler = tagger(a, f.handler)

    def patch_tensor_ops(collector):
        orig_pt(collector)
        for a in PTFLOPS_PATCHED:
            w, n = a.split(".")
            if w == "torch":
                f = getattr(torch, n)
                f.handler = tagger(a, f.handler)
            elif w == "Tensor":
                f = getattr(torch.Tensor, n)
                inner = [c.cell_contents for c in f.__closure__
                         if isinstance(c.cell_contents, pe.torch_function_wrapper)]
                assert len(inner) == 1
                inner[0].handler = tagger(a, inner[0].handler)

    def compute_average_flops_cost(self):
        def acc(mod):
            if pe.is_supported_instance(mod):
                by_class[type(mod).__name__] += mod.__flops__
                return mod.__flops__
            return sum(acc(c) for c in mod.children())
        module_total[0] = acc(self)
        return orig_cost(self)

    out = io.StringIO()
    pe.patch_functional, pe.patch_tensor_ops = patch_functional, patch_tensor_ops
    pe.compute_average_flops_cost = compute_average_flops_cost
    try:
        with captured() as box:
            macs, _ = get_model_complexity_info(
                m, tuple(shape), as_strings=False, print_per_layer_stat=False,
                backend="pytorch", verbose=True, ost=out)
    finally:
        pe.patch_functional, pe.patch_tensor_ops = orig_pf, orig_pt
        pe.compute_average_flops_cost = orig_cost
        _restore_patches()
        for h in handles:
            h.remove()
    msgs = sorted(set(box["messages"] + [ln.strip() for ln in out.getvalue().splitlines()
                                         if ln.strip()]))
    if macs is None:
        raise RuntimeError("ptflops failed: " + " | ".join(msgs))
    functional = defaultdict(lambda: defaultdict(lambda: {"calls": 0, "flops": 0}))
    inside_hooked = 0
    for attr, ctx, hooked, flops in tagged:
        key = ctx + (" (hooked module: double count)" if hooked else "")
        functional[attr][key]["calls"] += 1
        functional[attr][key]["flops"] += _num(flops)
        if hooked:
            inside_hooked += _num(flops)
    # ptflops adds the raw (possibly float) values and truncates once, at the end
    functional_total = _num(sum(_num(f) for _, _, _, f in tagged))
    for d in functional.values():
        for v in d.values():
            v["flops"] = _num(v["flops"])
    assert module_total[0] is not None and sum(by_class.values()) == module_total[0]
    assert int(module_total[0] + functional_total) == int(macs), (module_total, functional_total, macs)
    return {
        "total": int(macs),
        "by_class": {k: int(v) for k, v in by_class.items()},
        "module_macs": int(module_total[0]),
        "functional_macs": functional_total,
        "functional_inside_hooked_modules": _num(inside_hooked),
        "functional": {k: dict(v) for k, v in functional.items()},
        "messages": msgs,
    }


def measure(model, shape, detail_calls=False):
    x = make_input(shape)
    rec = {}
    errors = {}
    warn = {}
    output, clm, layers = conv_linear_and_layers(model, x)
    rec["output"] = output
    rec["params"] = int(sum(p.numel() for p in model.parameters()))
    rec["conv_linear_macs"] = int(clm)
    rec["layers"] = layers

    try:
        t, by_class, unhooked, msgs = run_thop(model, make_input(shape))
        rec.update(thop_macs=t, thop_by_class=by_class, thop_unhooked_classes=unhooked)
        if msgs:
            warn["thop"] = msgs
    except Exception as e:
        rec.update(thop_macs=None)
        errors["thop"] = f"{type(e).__name__}: {e}"
    try:
        t, by_op, unsup, uncalled, msgs = run_fvcore(model, make_input(shape))
        rec.update(fvcore_flops=t, fvcore_by_operator=by_op, fvcore_unsupported_ops=unsup,
                   fvcore_uncalled_module_classes=uncalled)
        if msgs:
            warn["fvcore"] = msgs
    except Exception as e:
        rec.update(fvcore_flops=None)
        errors["fvcore"] = f"{type(e).__name__}: {e}".splitlines()[0]
    try:
        rec["ptflops_macs"] = run_ptflops(model, shape)
        b = run_ptflops_breakdown(model, shape)
        assert b["total"] == rec["ptflops_macs"]
        rec.update(ptflops_by_class=b["by_class"], ptflops_module_macs=b["module_macs"],
                   ptflops_functional_macs=b["functional_macs"],
                   ptflops_functional_inside_hooked_modules=b["functional_inside_hooked_modules"],
                   ptflops_functional=b["functional"])
        if b["messages"]:
            warn["ptflops"] = b["messages"]
    except Exception as e:
        rec.setdefault("ptflops_macs", None)
        errors["ptflops"] = f"{type(e).__name__}: {e}"

    # our own trace + the documented rules
    p = predict(model, make_input(shape))
    assert p["output"] == output
    rec["traced_conv_linear_macs"] = int(p["traced_conv_linear_macs"])
    rules = dict(p["totals"])
    rec["rules"] = rules
    match = {}
    for tool, key in (("thop", "thop_macs"), ("fvcore", "fvcore_flops"),
                      ("ptflops", "ptflops_macs")):
        match[tool] = rec.get(key) is not None and rec[key] == rules[tool]
    # the breakdowns must agree too
    if rec.get("thop_by_class") is not None:
        nonzero = {k: v for k, v in rec["thop_by_class"].items() if v}
        match["thop_by_class"] = nonzero == {k: v for k, v in p["thop_by_class"].items() if v}
    if rec.get("fvcore_by_operator") is not None:
        match["fvcore_by_operator"] = rec["fvcore_by_operator"] == p["fvcore_by_operator"]
    if rec.get("ptflops_by_class") is not None:
        # (a supported module that never runs keeps __flops__ = 0)
        match["ptflops_by_class"] = {k: v for k, v in rec["ptflops_by_class"].items() if v} == \
            {k: v for k, v in p["ptflops_by_class"].items() if v}
        got = {a: sum(v["flops"] for v in d.values()) for a, d in rec["ptflops_functional"].items()}
        match["ptflops_functional"] = got == p["ptflops_functional"]
    rec["rules_match"] = match

    if detail_calls:
        rec["calls"] = [f"{'/'.join(path) or '-'}: {label}" for label, path in p["calls"]]
    else:
        c = Counter(f"{label} @{path[-1] if path else '-'}" for label, path in p["calls"])
        rec["torch_calls"] = dict(c)
    if warn:
        rec["warnings"] = warn
    if errors:
        rec["errors"] = errors
    assert rec["params"] == sum(q.numel() for q in model.parameters())
    return rec


def main():
    t0 = time.time()
    torch.set_grad_enabled(False)
    tools = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "thop": _version(thop, "thop"),
        "fvcore": _version(fvcore, "fvcore"),
        "ptflops": _version(ptflops, "ptflops"),
    }
    fmt = "{:<34} {:>10} {:>13} {:>13} {:>13} {:>13}  {}"
    print(fmt.format("case", "params", "conv_linear", "thop", "fvcore", "ptflops", "rules"))

    def line(name, rec):
        ok = "ok" if all(rec["rules_match"].values()) else \
            "MISMATCH " + ",".join(k for k, v in rec["rules_match"].items() if not v)
        print(fmt.format(name, rec["params"], rec["conv_linear_macs"], str(rec["thop_macs"]),
                         str(rec["fvcore_flops"]), str(rec["ptflops_macs"]), ok), flush=True)

    models = []
    for name, (builder, how), shape in MODELS:
        model = build(builder)
        rec = measure(model, shape)
        rec.update({"name": name, "builder": how, "input": list(shape)})
        models.append(rec)
        line(name, rec)
    print(f"models: {time.time() - t0:.1f}s")

    ops = []
    for name, form, description, shape, builder in OPS:
        model = build(builder)
        rec = measure(model, shape, detail_calls=True)
        del rec["layers"]
        rec.update({"name": name, "form": form, "description": description,
                    "input": list(shape)})
        ops.append(rec)
        line(name, rec)

    with open(os.path.join(HERE, "torchvision_cnn.json"), "w") as f:
        json.dump({"tools": tools, "ptflops_patched": PTFLOPS_PATCHED,
                   "models": models, "ops": ops}, f, sort_keys=True, indent=1)
        f.write("\n")
    print(f"total: {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
