#!/usr/bin/env python3
"""Oracle for tissue: what PyTorch, thop, fvcore and ptflops report.

Builds the PyTorch equivalent of every architecture under Examples/ (the
torchvision models themselves, or hand-built equivalents made of standard
torch.nn modules) plus a set of single-operation micro models, runs the
real counting tools on them, and writes

    models.json   one entry per Examples/ .arch file
    ops.json      one entry per single-operation case

next to this script. The Swift tests read only these JSON files; CI never
needs Python.

Set-up (a virtual environment outside the repository; PyPI only):

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install torch torchvision thop fvcore ptflops

Regenerate (from the repository root; nothing is downloaded, every model is
built with weights=None):

    /tmp/venv/bin/python Tests/Fixtures/oracle/oracle.py

Conventions of the recorded numbers (all for batch size 1, float32, eval()):
  params            sum(p.numel() for p in model.parameters())
  output            output shape without the batch dimension
  conv_linear_macs  forward hooks on nn.Conv2d / nn.Linear:
                    out.numel() * in_channels/groups * kh*kw, out.numel() * in_features
  thop_macs         thop.profile(model, inputs=(x,), verbose=False)[0]
  fvcore_flops      FlopCountAnalysis(model, x).total() (warnings off)
  ptflops_macs      get_model_complexity_info(model, input, as_strings=False,
                    print_per_layer_stat=False, backend='pytorch')[0]
  layers            every nn.Conv2d / nn.Linear / nn.BatchNorm2d call:
                    {"op", "output", "params"}, sorted
Every tool runs on its own deep copy of the model, and the functions that
ptflops patches are checked (and restored) after every call, so no tool's
hooks or patches can leak into the next measurement.
"""

import contextlib
import copy
import io
import json
import os
import sys
import warnings
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

warnings.filterwarnings("ignore")

import thop  # noqa: E402
import fvcore  # noqa: E402
import ptflops  # noqa: E402
from fvcore.nn import FlopCountAnalysis  # noqa: E402
from ptflops import get_model_complexity_info  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def _version(mod, dist):
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return getattr(mod, "__version__", "unknown")


# ---------------------------------------------------------------------------
# Functional building blocks (the language's composites).  They are
# nn.Modules only as containers; the join itself (add, cat, split, shuffle)
# is a functional tensor operation, exactly as torchvision writes them.
# ---------------------------------------------------------------------------

class Residual(nn.Module):
    """residual { body } [shortcut { shortcut }]: body(x) + shortcut(x)."""

    def __init__(self, body, shortcut=None):
        super().__init__()
        self.body = body
        self.shortcut = shortcut

    def forward(self, x):
        s = x if self.shortcut is None else self.shortcut(x)
        return self.body(x) + s


class Concat(nn.Module):
    """concat { a } { b } ...: torch.cat of the branches along channels."""

    def __init__(self, *branches):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([b(x) for b in self.branches], dim=1)


class Stack(nn.Module):
    """stack N x U(..), M x V(..): torch.split into unit widths, run, torch.cat."""

    def __init__(self, items):
        # items: list of (width, module)
        super().__init__()
        self.widths = [w for w, _ in items]
        self.units = nn.ModuleList([m for _, m in items])

    def forward(self, x):
        pieces = torch.split(x, self.widths, dim=1)
        return torch.cat([u(p) for u, p in zip(self.units, pieces)], dim=1)


class ChannelShuffle(nn.Module):
    """shuffle g=G: view / transpose / reshape, as torchvision's channel_shuffle."""

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, x):
        n, c, h, w = x.size()
        x = x.view(n, self.groups, c // self.groups, h, w)
        x = torch.transpose(x, 1, 2).contiguous()
        return x.view(n, c, h, w)


def seq(*mods):
    return nn.Sequential(*mods)


def conv_bn_relu(cin, cout, k=3, s=1, p=1, bias=False):
    return [nn.Conv2d(cin, cout, k, stride=s, padding=p, bias=bias),
            nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


# ---------------------------------------------------------------------------
# Hand-built equivalents
# ---------------------------------------------------------------------------

def mlp_mnist():
    return seq(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 300), nn.ReLU(),
               nn.Linear(300, 10))


def lenet5():
    return seq(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
               nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
               nn.Flatten(),
               nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
               nn.Linear(84, 10))


VGG_CIFAR_CFG = {
    "VGG16": [64, 64, "M", 128, 128, "M", 256, 256, 256, "M",
              512, 512, 512, "M", 512, 512, 512, "M"],
    "VGG19": [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M",
              512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


def vgg_cifar(name):
    # kuangliu/pytorch-cifar models/vgg.py (its no-op AvgPool2d(1,1) omitted)
    layers, cin = [], 3
    for x in VGG_CIFAR_CFG[name]:
        if x == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            layers += [nn.Conv2d(cin, x, kernel_size=3, padding=1),
                       nn.BatchNorm2d(x), nn.ReLU(inplace=True)]
            cin = x
    return seq(*layers, nn.Flatten(), nn.Linear(512, 10))


def cifar_basic(cin, planes, stride):
    body = seq(*conv_bn_relu(cin, planes, 3, stride, 1),
               nn.Conv2d(planes, planes, 3, padding=1, bias=False),
               nn.BatchNorm2d(planes))
    short = None
    if stride != 1 or cin != planes:
        short = seq(nn.Conv2d(cin, planes, 1, stride=stride, bias=False),
                    nn.BatchNorm2d(planes))
    return seq(Residual(body, short), nn.ReLU(inplace=True)), planes


def cifar_bottleneck(cin, planes, stride):
    out = planes * 4
    body = seq(*conv_bn_relu(cin, planes, 1, 1, 0),
               *conv_bn_relu(planes, planes, 3, stride, 1),
               nn.Conv2d(planes, out, 1, bias=False), nn.BatchNorm2d(out))
    short = None
    if stride != 1 or cin != out:
        short = seq(nn.Conv2d(cin, out, 1, stride=stride, bias=False),
                    nn.BatchNorm2d(out))
    return seq(Residual(body, short), nn.ReLU(inplace=True)), out


def resnet_cifar(block, counts):
    # kuangliu/pytorch-cifar models/resnet.py, with nn.ReLU modules and
    # AdaptiveAvgPool2d(1) for its F.avg_pool2d(out, 4)
    layers = conv_bn_relu(3, 64, 3, 1, 1)
    cin = 64
    for planes, n, stride in zip((64, 128, 256, 512), counts, (1, 2, 2, 2)):
        for i in range(n):
            m, cin = block(cin, planes, stride if i == 0 else 1)
            layers.append(m)
    return seq(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 10))


def resnet18_stacked_cifar10():
    # Examples/stacked/resnet18-stacked-cifar10.arch
    def bu(c1, c2, c3, stride=1):
        return seq(*conv_bn_relu(c1, c2, 3, stride, 1),
                   nn.Conv2d(c2, c3, 3, padding=1, bias=False), nn.BatchNorm2d(c3))

    def down(cin, width):
        body = seq(*conv_bn_relu(cin, width, 3, 2, 1),
                   nn.Conv2d(width, width, 3, padding=1, bias=False),
                   nn.BatchNorm2d(width))
        short = seq(nn.Conv2d(cin, width, 1, stride=2, bias=False), nn.BatchNorm2d(width))
        return seq(Residual(body, short), nn.ReLU(inplace=True))

    stacked = Stack([(2, bu(2, 4, 4, 2)) for _ in range(64 // 2)])
    stage2 = Residual(seq(stacked, nn.ReLU(inplace=True)),
                      seq(nn.Conv2d(64, 128, 1, stride=2, bias=False), nn.BatchNorm2d(128)))
    return seq(*conv_bn_relu(3, 64, 3, 1, 1),
               stage2, nn.ReLU(inplace=True),
               down(128, 256), down(256, 512),
               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10))


def resnet18_tissue_cifar10(hidden=6, piece=2, replaced=(128, 256)):
    # The stacking rule (docs/stacking.md), written independently of tissue's transform: in the
    # stages listed in `replaced` ('inner' for ResNet-18 = all but the first and last stage), each
    # BasicBlock body conv3x3-bn-relu-conv3x3-bn of widths a->b becomes a stack of a/piece units
    # bu(piece, hidden, piece*b/a, stride) followed by ReLU; the shortcut is kept.
    def bu(c1, c2, c3, stride):
        return seq(*conv_bn_relu(c1, c2, 3, stride, 1),
                   nn.Conv2d(c2, c3, 3, padding=1, bias=False), nn.BatchNorm2d(c3))

    layers = conv_bn_relu(3, 64, 3, 1, 1)
    cin = 64
    for planes, stride in zip((64, 128, 256, 512), (1, 2, 2, 2)):
        for i in range(2):
            s = stride if i == 0 else 1
            if planes in replaced:
                units = Stack([(piece, bu(piece, hidden, piece * planes // cin, s))
                               for _ in range(cin // piece)])
                short = None
                if s != 1 or cin != planes:
                    short = seq(nn.Conv2d(cin, planes, 1, stride=s, bias=False),
                                nn.BatchNorm2d(planes))
                layers.append(seq(Residual(seq(units, nn.ReLU(inplace=True)), short),
                                  nn.ReLU(inplace=True)))
            else:
                m, _ = cifar_basic(cin, planes, s)
                layers.append(m)
            cin = planes
    return seq(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, 10))


def lenet_hybrid():
    # Examples/stacked/lenet-hybrid.arch
    def unit(c1, c2, c3):
        return seq(nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(),
                   nn.Conv2d(c2, c3, 3, padding=1))

    items = [(2, unit(2, 4, 2)) for _ in range(4)] + [(2, unit(2, 6, 2)) for _ in range(4)]
    return seq(nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
               Stack(items),
               nn.ReLU(), nn.MaxPool2d(2),
               nn.Flatten(), nn.Linear(16 * 7 * 7, 10))


def mlp_stacked():
    # Examples/stacked/mlp-stacked.arch
    def mu(c1, c2, c3):
        return seq(nn.Linear(c1, c2), nn.ReLU(), nn.Linear(c2, c3))

    return seq(nn.Linear(784, 512), nn.ReLU(),
               Stack([(8, mu(8, 16, 8)) for _ in range(64)]),
               nn.ReLU(), nn.Linear(512, 10))


def tv(name):
    return lambda: getattr(torchvision.models, name)(weights=None)


# name, arch path, source, builder, input shape (no batch)
MODELS = [
    ("mlp-mnist", "Examples/zoo/mlp-mnist.arch", "equivalent", mlp_mnist, (784,)),
    ("lenet5", "Examples/zoo/lenet5.arch", "equivalent", lenet5, (1, 28, 28)),
    ("vgg16-cifar10", "Examples/zoo/vgg16-cifar10.arch", "equivalent",
     lambda: vgg_cifar("VGG16"), (3, 32, 32)),
    ("vgg19-cifar10", "Examples/zoo/vgg19-cifar10.arch", "equivalent",
     lambda: vgg_cifar("VGG19"), (3, 32, 32)),
    ("resnet18-cifar10", "Examples/zoo/resnet18-cifar10.arch", "equivalent",
     lambda: resnet_cifar(cifar_basic, (2, 2, 2, 2)), (3, 32, 32)),
    ("resnet34-cifar10", "Examples/zoo/resnet34-cifar10.arch", "equivalent",
     lambda: resnet_cifar(cifar_basic, (3, 4, 6, 3)), (3, 32, 32)),
    ("resnet50-cifar10", "Examples/zoo/resnet50-cifar10.arch", "equivalent",
     lambda: resnet_cifar(cifar_bottleneck, (3, 4, 6, 3)), (3, 32, 32)),
    ("resnet18", "Examples/zoo/resnet18.arch", "torchvision", tv("resnet18"), (3, 224, 224)),
    ("resnet34", "Examples/zoo/resnet34.arch", "torchvision", tv("resnet34"), (3, 224, 224)),
    ("resnet50", "Examples/zoo/resnet50.arch", "torchvision", tv("resnet50"), (3, 224, 224)),
    ("resnext50_32x4d", "Examples/zoo/resnext50_32x4d.arch", "torchvision",
     tv("resnext50_32x4d"), (3, 224, 224)),
    ("vgg16", "Examples/zoo/vgg16.arch", "torchvision", tv("vgg16"), (3, 224, 224)),
    ("mobilenet_v2", "Examples/zoo/mobilenet_v2.arch", "torchvision",
     tv("mobilenet_v2"), (3, 224, 224)),
    ("squeezenet1_1", "Examples/zoo/squeezenet1_1.arch", "torchvision",
     tv("squeezenet1_1"), (3, 224, 224)),
    ("shufflenet_v2_x1_0", "Examples/zoo/shufflenet_v2_x1_0.arch", "torchvision",
     tv("shufflenet_v2_x1_0"), (3, 224, 224)),
    ("resnet18-stacked-cifar10", "Examples/stacked/resnet18-stacked-cifar10.arch",
     "equivalent", resnet18_stacked_cifar10, (3, 32, 32)),
    ("lenet-hybrid", "Examples/stacked/lenet-hybrid.arch", "equivalent",
     lenet_hybrid, (1, 28, 28)),
    ("mlp-stacked", "Examples/stacked/mlp-stacked.arch", "equivalent",
     mlp_stacked, (784,)),
    ("resnet18-cifar10-tissue-h6-r", "Examples/paper/resnet18-cifar10-tissue-h6-r.arch",
     "equivalent", resnet18_tissue_cifar10, (3, 32, 32)),
]

# Rewrites of three torchvision models with modules in place of what the
# model does otherwise (an identity adaptive pool dropped, a functional pool
# replaced by nn.AdaptiveAvgPool2d(1) + nn.Flatten). models.json no longer
# records them: the .arch files now say what torchvision does (`adaptiveavgpool
# k=7`, `gap fn`, `mean`) and are compared with the models themselves.
# torchinfo_oracle.py and ../pruning/pruning.py still import EQUIVALENT (their
# "arch_equivalent" entries).

def _vgg16_equivalent():
    m = torchvision.models.vgg16(weights=None)
    m.avgpool = nn.Identity()
    return m


def _mobilenet_v2_equivalent():
    m = torchvision.models.mobilenet_v2(weights=None)
    return seq(m.features, nn.AdaptiveAvgPool2d(1), nn.Flatten(), m.classifier)


def _shufflenet_v2_x1_0_equivalent():
    m = torchvision.models.shufflenet_v2_x1_0(weights=None)
    return seq(m.conv1, m.maxpool, m.stage2, m.stage3, m.stage4, m.conv5,
               nn.AdaptiveAvgPool2d(1), nn.Flatten(), m.fc)


EQUIVALENT = {
    "vgg16": ("avgpool (AdaptiveAvgPool2d((7,7)), an identity at 224x224) replaced by "
              "nn.Identity: the language has no adaptive pool to 7x7",
              _vgg16_equivalent),
    "mobilenet_v2": ("the functional nn.functional.adaptive_avg_pool2d + torch.flatten "
                     "replaced by nn.AdaptiveAvgPool2d(1) + nn.Flatten (the .arch 'gap; flatten')",
                     _mobilenet_v2_equivalent),
    "shufflenet_v2_x1_0": ("the functional x.mean([2, 3]) replaced by nn.AdaptiveAvgPool2d(1) "
                           "+ nn.Flatten (the .arch 'gap; flatten')",
                           _shufflenet_v2_x1_0_equivalent),
}


# ---------------------------------------------------------------------------
# Single-operation cases
# ---------------------------------------------------------------------------

OPS = [
    ("conv", "input 3x8x8\nconv 4 k=3 p=1", (3, 8, 8), lambda: nn.Conv2d(3, 4, 3, padding=1)),
    ("conv-nobias", "input 3x8x8\nconv 4 k=3 p=1 bias=false", (3, 8, 8),
     lambda: nn.Conv2d(3, 4, 3, padding=1, bias=False)),
    ("conv-stride", "input 3x9x9\nconv 4 k=3 s=2 p=1", (3, 9, 9),
     lambda: nn.Conv2d(3, 4, 3, stride=2, padding=1)),
    ("conv-groups", "input 4x8x8\nconv 8 k=3 p=1 g=2", (4, 8, 8),
     lambda: nn.Conv2d(4, 8, 3, padding=1, groups=2)),
    ("conv-dilation", "input 3x9x9\nconv 4 k=3 d=2 p=2", (3, 9, 9),
     lambda: nn.Conv2d(3, 4, 3, padding=2, dilation=2)),
    ("conv-rect", "input 3x8x8\nconv 4 k=1x7 p=0x3", (3, 8, 8),
     lambda: nn.Conv2d(3, 4, (1, 7), padding=(0, 3))),
    ("dwconv", "input 8x8x8\ndwconv k=3 p=1 m=2", (8, 8, 8),
     lambda: nn.Conv2d(8, 16, 3, padding=1, groups=8)),
    ("linear", "input 10\nlinear 5", (10,), lambda: nn.Linear(10, 5)),
    ("linear-nobias", "input 10\nlinear 5 bias=false", (10,), lambda: nn.Linear(10, 5, bias=False)),
    ("bn", "input 4x8x8\nbn", (4, 8, 8), lambda: nn.BatchNorm2d(4)),
    ("relu", "input 4x8x8\nrelu", (4, 8, 8), lambda: nn.ReLU()),
    ("relu6", "input 4x8x8\nrelu6", (4, 8, 8), lambda: nn.ReLU6()),
    ("leakyrelu", "input 4x8x8\nleakyrelu", (4, 8, 8), lambda: nn.LeakyReLU()),
    ("sigmoid", "input 4x8x8\nsigmoid", (4, 8, 8), lambda: nn.Sigmoid()),
    ("tanh", "input 4x8x8\ntanh", (4, 8, 8), lambda: nn.Tanh()),
    ("hswish", "input 4x8x8\nhswish", (4, 8, 8), lambda: nn.Hardswish()),
    ("hsigmoid", "input 4x8x8\nhsigmoid", (4, 8, 8), lambda: nn.Hardsigmoid()),
    ("silu", "input 4x8x8\nsilu", (4, 8, 8), lambda: nn.SiLU()),
    ("gelu", "input 4x8x8\ngelu", (4, 8, 8), lambda: nn.GELU()),
    ("dropout", "input 4x8x8\ndropout", (4, 8, 8), lambda: nn.Dropout()),
    ("softmax-vector", "input 10\nsoftmax", (10,), lambda: nn.Softmax(dim=1)),
    ("softmax", "input 4x8x8\nsoftmax", (4, 8, 8), lambda: nn.Softmax(dim=1)),
    ("flatten", "input 4x8x8\nflatten", (4, 8, 8), lambda: nn.Flatten()),
    ("gap", "input 4x8x8\ngap", (4, 8, 8), lambda: nn.AdaptiveAvgPool2d(1)),
    ("maxpool", "input 4x8x8\nmaxpool k=2", (4, 8, 8), lambda: nn.MaxPool2d(2)),
    ("maxpool-pad", "input 4x9x9\nmaxpool k=3 s=2 p=1", (4, 9, 9),
     lambda: nn.MaxPool2d(3, stride=2, padding=1)),
    ("maxpool-ceil", "input 4x8x8\nmaxpool k=3 s=2 ceil=true", (4, 8, 8),
     lambda: nn.MaxPool2d(3, stride=2, ceil_mode=True)),
    ("avgpool", "input 4x8x8\navgpool k=2", (4, 8, 8), lambda: nn.AvgPool2d(2)),
    ("avgpool-pad-ceil", "input 4x9x9\navgpool k=3 s=2 p=1 ceil=true", (4, 9, 9),
     lambda: nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True)),
    # PyTorch's ceil_mode rule: the last window must start inside the input or
    # the left padding, so ceil((5+2-2)/3)+1 = 3 drops to 2 here
    ("maxpool-ceil-edge", "input 4x5x5\nmaxpool k=2 s=3 p=1 ceil=true", (4, 5, 5),
     lambda: nn.MaxPool2d(2, stride=3, padding=1, ceil_mode=True)),
    ("avgpool-ceil-edge", "input 4x5x5\navgpool k=2 s=3 p=1 ceil=true", (4, 5, 5),
     lambda: nn.AvgPool2d(2, stride=3, padding=1, ceil_mode=True)),
    ("residual", "input 4x8x8\nresidual { relu }", (4, 8, 8), lambda: Residual(nn.ReLU())),
    ("concat", "input 4x8x8\nconcat { relu } { relu }", (4, 8, 8),
     lambda: Concat(nn.ReLU(), nn.ReLU())),
    ("stack", "unit u(c) in c { }\ninput 4x8x8\nstack 2 x u(2)", (4, 8, 8),
     lambda: Stack([(2, nn.Identity()), (2, nn.Identity())])),
    ("shuffle", "input 4x8x8\nshuffle g=2", (4, 8, 8), lambda: ChannelShuffle(2)),
]


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

def _patch_snapshot():
    """The functions ptflops (and anything else) might patch."""
    names = [n for n in dir(F) if not n.startswith("_")]
    snap = {("F", n): getattr(F, n) for n in names}
    for n in ("matmul", "mm", "bmm", "addmm", "baddbmm", "mul", "add"):
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


def make_input(shape):
    g = torch.Generator().manual_seed(0)
    return torch.randn((1, *shape), generator=g, dtype=torch.float32)


def build(builder):
    torch.manual_seed(0)
    m = builder()
    m.eval()
    return m


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
            op = "conv"
        elif isinstance(m, nn.Linear):
            macs[0] += out.numel() * m.in_features
            op = "linear"
        else:
            op = "bn"
        layers.append({"op": op, "output": list(out.shape[1:]), "params": int(own)})

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear, nn.BatchNorm2d)):
            handles.append(m.register_forward_hook(hook))
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()
    layers.sort(key=lambda d: (d["op"], d["output"], d["params"]))
    return list(y.shape[1:]), macs[0], layers


def run_thop(model, x):
    m = copy.deepcopy(model)
    with contextlib.redirect_stdout(io.StringIO()):
        macs, _ = thop.profile(m, inputs=(x,), verbose=False)
    v = float(macs)
    assert v == int(v), f"thop returned a non-integer {v}"
    return int(v)


def run_fvcore(model, x):
    m = copy.deepcopy(model)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        a = FlopCountAnalysis(m, x)
        a.unsupported_ops_warnings(False)
        a.uncalled_modules_warnings(False)
        total = a.total()
        unsupported = dict(sorted(a.unsupported_ops().items()))
    v = float(total)
    assert v == int(v), f"fvcore returned a non-integer {v}"
    return int(v), {k: int(c) for k, c in unsupported.items()}


def run_ptflops(model, shape):
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


def measure(model, shape):
    x = make_input(shape)
    rec = {}
    notes = []
    output, clm, layers = conv_linear_and_layers(model, x)
    rec["output"] = output
    rec["params"] = int(sum(p.numel() for p in model.parameters()))
    rec["conv_linear_macs"] = int(clm)
    rec["layers"] = layers
    for key, fn in (("thop_macs", lambda: run_thop(model, x)),
                    ("fvcore_flops", lambda: run_fvcore(model, x)),
                    ("ptflops_macs", lambda: run_ptflops(model, shape))):
        try:
            v = fn()
            if key == "fvcore_flops":
                v, unsupported = v
                rec["fvcore_unsupported_ops"] = unsupported
            rec[key] = v
        except Exception as e:  # record the failure, keep going
            rec[key] = None
            notes.append(f"{key}: {type(e).__name__}: {e}")
    # the model itself must be untouched by the tools
    assert rec["params"] == sum(p.numel() for p in model.parameters())
    return rec, notes


def main():
    global _ORIGINAL
    _ORIGINAL = _patch_snapshot()
    torch.set_grad_enabled(False)

    tools = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "thop": _version(thop, "thop"),
        "fvcore": _version(fvcore, "fvcore"),
        "ptflops": _version(ptflops, "ptflops"),
    }

    models = []
    fmt = "{:<26} {:>11} {:>14} {:>14} {:>14} {:>14}"
    print(fmt.format("model", "params", "conv_linear", "thop", "fvcore", "ptflops"))
    for name, arch, source, builder, shape in MODELS:
        model = build(builder)
        rec, notes = measure(model, shape)
        rec.update({"name": name, "arch": arch, "source": source, "input": list(shape)})
        if notes:
            rec["notes"] = notes
        models.append(rec)
        print(fmt.format(name, rec["params"], rec["conv_linear_macs"], str(rec["thop_macs"]),
                         str(rec["fvcore_flops"]), str(rec["ptflops_macs"])))

    ops = []
    print()
    for name, arch, shape, builder in OPS:
        model = build(builder)
        rec, notes = measure(model, shape)
        del rec["layers"]
        rec.update({"name": name, "arch": arch, "input": list(shape)})
        if notes:
            rec["notes"] = notes
        ops.append(rec)
        print(fmt.format(name, rec["params"], rec["conv_linear_macs"], str(rec["thop_macs"]),
                         str(rec["fvcore_flops"]), str(rec["ptflops_macs"])))

    with open(os.path.join(HERE, "models.json"), "w") as f:
        json.dump({"tools": tools, "models": models}, f, sort_keys=True, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "ops.json"), "w") as f:
        json.dump({"tools": tools, "ops": ops}, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
