#!/usr/bin/env python3
"""Oracle for tissue: four compact networks that torchvision does not have.

Clean PyTorch definitions of

    mobilenet_v1            Howard et al. 2017, width 1.0, 224x224, 1000 classes
    shufflenet_v1_g3        Zhang et al. 2017, g = 3, scale 1.0, 224x224, 1000 classes
    xception                Chollet 2017, 299x299, 1000 classes
    effnet_cifar10          Freeman et al. 2018, the CIFAR-10 network, 32x32, 10 classes

measured exactly like oracle.py measures models.json (same hooks, same tool
isolation: every tool gets its own deep copy, ptflops' patches are checked
and restored after every call), plus torchinfo 1.8.0's totals. Writes

    compact.json

next to this script. compact.md describes every network stage by stage.

Regenerate (nothing is downloaded; all weights are random):

    /tmp/venv/bin/python Tests/Fixtures/oracle/compact.py

The building blocks are oracle.py's: nn.Conv2d (conv / dwconv), nn.BatchNorm2d,
activation modules, pools, nn.Flatten, nn.Linear, and its Residual, Concat
and ChannelShuffle containers whose joins are functional (a + b, torch.cat,
view/transpose), so every network maps one-to-one onto the .arch language:
residual { } [shortcut { }], concat { } { }, shuffle g=G, gap; flatten.
Every activation is a separate, non-inplace module (a pre-activation ReLU at
the start of a residual body must not overwrite the shortcut's input).
"""

import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ next to the fixtures

warnings.filterwarnings("ignore")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

import oracle  # noqa: E402
from oracle import ChannelShuffle, Concat, Residual, seq  # noqa: E402

torch.set_num_threads(1)


# ---------------------------------------------------------------------------
# MobileNet v1
#
# Paper: A. G. Howard et al., "MobileNets: Efficient Convolutional Neural
# Networks for Mobile Vision Applications", arXiv:1704.04861 (2017), Table 1
# (body), Section 3.2 and Fig. 3 (every layer but the final fully connected
# one is followed by batch norm and ReLU, the depthwise convs included; no
# conv has a bias), Table 8 (1.0 MobileNet-224:
# 569 million mult-adds, 4.2 million parameters).
# Reference implementation: TF-slim nets/mobilenet_v1.py (tensorflow/models,
# research/slim), whose _CONV_DEFS list is Conv(3x3, s2, 32) followed by 13
# DepthSepConv entries with strides 1,2,1,2,1,2,1,1,1,1,1,2,1 and depths
# 64,128,128,256,256,512,512,512,512,512,512,1024,1024. Table 1 of the paper
# prints the 13th depthwise conv as "s2" although its output stays 7x7; the
# reference (and every port) uses stride 1 there, as we do.
# The classifier: global average pool (Table 1 "Avg Pool 7x7"), then a fully
# connected 1024 -> 1000 with bias (TF-slim: a 1x1 conv with bias, same
# count). TF-slim's dropout before the classifier is an identity at inference
# and is left out.
# ---------------------------------------------------------------------------

MOBILENET_V1_CFG = [  # (pointwise output channels, depthwise stride)
    (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
    (512, 1), (512, 1), (512, 1), (512, 1), (512, 1),
    (1024, 2), (1024, 1),
]


def mobilenet_v1(num_classes=1000):
    layers = [nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False),
              nn.BatchNorm2d(32), nn.ReLU()]
    cin = 32
    for cout, stride in MOBILENET_V1_CFG:
        layers += [
            # depthwise 3x3
            nn.Conv2d(cin, cin, 3, stride=stride, padding=1, groups=cin, bias=False),
            nn.BatchNorm2d(cin), nn.ReLU(),
            # pointwise 1x1
            nn.Conv2d(cin, cout, 1, bias=False),
            nn.BatchNorm2d(cout), nn.ReLU(),
        ]
        cin = cout
    return seq(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, num_classes))


# ---------------------------------------------------------------------------
# ShuffleNet v1, g = 3, scale 1.0
#
# Paper: X. Zhang, X. Zhou, M. Lin, J. Sun, "ShuffleNet: An Extremely
# Efficient Convolutional Neural Network for Mobile Devices", arXiv:1707.01083
# (2017) / CVPR 2018. Table 1, column g = 3: Conv1 3x3 s2 24; MaxPool 3x3 s2;
# Stage2 240 (1 unit s2 + 3 units s1, 28x28), Stage3 480 (1 + 7, 14x14),
# Stage4 960 (1 + 3, 7x7); GlobalPool; FC 1000; complexity 137M
# (= multiply-adds). Table 2 quotes the same network as "ShuffleNet 1x,
# 140 MFLOPs". Section 3.2, Fig. 2(b)/(c): 1x1 GConv, BN, ReLU, channel
# shuffle, 3x3 DWConv (stride 2 in the first unit of a stage), BN, 1x1 GConv,
# BN; no ReLU after the depthwise conv; stride 1: add the identity, ReLU;
# stride 2: a 3x3 average pool (s2) on the shortcut, concat, ReLU. Section
# 3.3: bottleneck channels = 1/4 of the unit's output channels; Table 1 note:
# the first pointwise layer of Stage 2 is not grouped (24 input channels).
# The paper gives no parameter count.
# Reference implementation: megvii-model/ShuffleNet-Series, ShuffleNetV1/
# (network.py, blocks.py; README: "ShuffleNetV1 1.0x (group=3) 138M FLOPs,
# 1.9M #Params"). Like it: every conv without bias, mid = out // 4 (also in a
# stride-2 unit, where the branch outputs out - in channels), the pooled
# shortcut is concatenated first, the classifier has no bias
# (nn.Linear(960, 1000, bias=False)). Unlike it: the channel shuffle sits
# between the first 1x1 GConv (+BN+ReLU) and the depthwise conv, as in the
# paper's Fig. 2 (megvii shuffles after the depthwise conv + BN, which only
# permutes the depthwise filters: same counts); the stride-2 unit applies its
# ReLU after the concat, as in Fig. 2(c) (megvii applies F.relu to the branch
# only; the pooled shortcut is already non-negative, so the values agree, but
# a tool that counts ReLU sees out instead of out - in channels); the global
# pool is AdaptiveAvgPool2d(1) (= .arch "gap") where megvii has AvgPool2d(7).
# ---------------------------------------------------------------------------

SHUFFLENET_V1_G3 = {"groups": 3, "stem": 24, "widths": (240, 480, 960), "repeats": (4, 8, 4)}


def shufflenet_v1_unit(cin, cout, groups, stride, group_first_pw=True):
    mid = cout // 4
    branch_out = cout - cin if stride == 2 else cout
    body = seq(
        nn.Conv2d(cin, mid, 1, groups=groups if group_first_pw else 1, bias=False),
        nn.BatchNorm2d(mid), nn.ReLU(),
        ChannelShuffle(groups),
        nn.Conv2d(mid, mid, 3, stride=stride, padding=1, groups=mid, bias=False),
        nn.BatchNorm2d(mid),
        nn.Conv2d(mid, branch_out, 1, groups=groups, bias=False),
        nn.BatchNorm2d(branch_out),
    )
    if stride == 1:
        return seq(Residual(body), nn.ReLU())
    return seq(Concat(nn.AvgPool2d(3, stride=2, padding=1), body), nn.ReLU())


def shufflenet_v1(groups=3, stem=24, widths=(240, 480, 960), repeats=(4, 8, 4),
                  num_classes=1000):
    layers = [nn.Conv2d(3, stem, 3, stride=2, padding=1, bias=False),
              nn.BatchNorm2d(stem), nn.ReLU(),
              nn.MaxPool2d(3, stride=2, padding=1)]
    cin = stem
    for stage, (cout, n) in enumerate(zip(widths, repeats)):
        for i in range(n):
            layers.append(shufflenet_v1_unit(
                cin, cout, groups, 2 if i == 0 else 1,
                group_first_pw=not (stage == 0 and i == 0)))
            cin = cout
    return seq(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(),
               nn.Linear(cin, num_classes, bias=False))


# ---------------------------------------------------------------------------
# Xception
#
# Paper: F. Chollet, "Xception: Deep Learning with Depthwise Separable
# Convolutions", arXiv:1610.02357 (2016) / CVPR 2017. Fig. 5: entry flow
# (conv 32 3x3 s2, conv 64 3x3, then three blocks 128, 256, 728 of
# [ReLU] SepConv, ReLU, SepConv, MaxPool 3x3 s2, each added to a 1x1 s2
# conv of the block input), middle flow (8 x: ReLU SepConv 728 three times,
# added to the identity), exit flow (ReLU SepConv 728, ReLU SepConv 1024,
# MaxPool 3x3 s2, added to a 1x1 s2 conv 1024; SepConv 1536, ReLU, SepConv
# 2048, ReLU, global average pool, FC 1000). "All Convolution and
# SeparableConvolution layers are followed by batch normalization"; a
# SeparableConvolution is a depthwise 3x3 followed by a pointwise 1x1 with no
# batch norm or activation between them (Section 3). Table 3: 22,855,952
# parameters. The paper gives no FLOP count.
# Reference implementations: keras.applications.xception (Keras, by the
# paper's author; 22,910,480 weights = 22,855,952 trainable + 54,528 batch
# norm moving statistics) and its PyTorch port in Cadene/pretrained-models.
# pytorch, pretrainedmodels/models/xception.py (no conv has a bias; the two
# stem convs are unpadded; every max pool is MaxPool2d(3, 2, padding=1);
# 1x1 shortcut convs with stride 2 and no padding). Spatial sizes at 299:
# 149, 147, 74, 37, 19 (middle flow), 10.
# ---------------------------------------------------------------------------

def separable(cin, cout):
    """Depthwise 3x3 (pad 1) + pointwise 1x1, both without bias."""
    return [nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False),
            nn.Conv2d(cin, cout, 1, bias=False)]


def xception_down_block(cin, mid, cout, start_with_relu=True):
    """[ReLU] Sep(cin->mid) BN ReLU Sep(mid->cout) BN MaxPool(3,2,1), + 1x1 s2 conv BN."""
    body = ([nn.ReLU()] if start_with_relu else []) + separable(cin, mid) + [
        nn.BatchNorm2d(mid), nn.ReLU()] + separable(mid, cout) + [
        nn.BatchNorm2d(cout), nn.MaxPool2d(3, stride=2, padding=1)]
    shortcut = seq(nn.Conv2d(cin, cout, 1, stride=2, bias=False), nn.BatchNorm2d(cout))
    return Residual(seq(*body), shortcut)


def xception_middle_block(c=728):
    body = []
    for _ in range(3):
        body += [nn.ReLU()] + separable(c, c) + [nn.BatchNorm2d(c)]
    return Residual(seq(*body))


def xception(num_classes=1000, middle_repeats=8):
    layers = [nn.Conv2d(3, 32, 3, stride=2, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
              nn.Conv2d(32, 64, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
              # entry flow
              xception_down_block(64, 128, 128, start_with_relu=False),
              xception_down_block(128, 256, 256),
              xception_down_block(256, 728, 728)]
    # middle flow
    layers += [xception_middle_block(728) for _ in range(middle_repeats)]
    # exit flow
    layers += [xception_down_block(728, 728, 1024),
               *separable(1024, 1536), nn.BatchNorm2d(1536), nn.ReLU(),
               *separable(1536, 2048), nn.BatchNorm2d(2048), nn.ReLU(),
               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2048, num_classes)]
    return seq(*layers)


# ---------------------------------------------------------------------------
# EffNet (CIFAR-10)
#
# Paper: I. Freeman, L. Roese-Koerner, A. Kummert, "EffNet: An Efficient
# Structure for Convolutional Neural Networks", arXiv:1801.06434 (2018) /
# ICIP 2018. Section 3 and Fig. 1: the EffNet block is a 1x1 pointwise conv
# (bottleneck factor 2 relative to the block output), a depthwise 1x3 conv,
# a 1-D max pool (separable pooling), a depthwise 3x1 conv and a 2x1 conv
# with a 1-D stride of 2 that replaces the pointwise conv; the first layer
# of the network is an EffNet block too. The paper's CIFAR-10 architecture
# table could not be consulted (see compact.md); the network built here is
# the reference implementation's: three blocks 32x32 -> 16x16 -> 8x8 -> 4x4
# with 64, 128, 256 channels and a fully connected classifier.
# Reference implementation: arthurdouillard/keras-effnet (effnet.py, Keras)
# and its PyTorch port andrijdavid/EffNet (effnet.py), which we follow
# exactly: get_block(ch_in, ch_out) = Conv 1x1 -> ch_in, dw 1x3 (pad 0x1),
# MaxPool (2,1) stride (2,1), dw 3x1 (pad 1x0), Conv (1,2) stride (1,2)
# -> ch_out, all without bias; after every conv a "post" of LeakyReLU
# (Keras default slope 0.3) then BatchNorm (activation BEFORE batch norm);
# blocks (32, 64), (64, 128), (128, 256); Flatten (4*4*256 = 4096);
# Dense 10 (Keras adds a softmax, left out here like the PyTorch port and
# every other zoo classifier). The Keras original writes the last conv as
# kernel (2,1) with strides (1,2) and 'same' padding; the port's kernel (1,2)
# stride (1,2) without padding gives the same output shape, parameters and
# multiply-adds. The depth multiplier of 2 that the paper's text mentions
# for the first depthwise conv is not in either reference; see compact.md.
# ---------------------------------------------------------------------------

def effnet_block(cin, mid, cout):
    def post(c):
        return [nn.LeakyReLU(0.3), nn.BatchNorm2d(c)]

    return seq(
        nn.Conv2d(cin, mid, 1, bias=False), *post(mid),
        nn.Conv2d(mid, mid, (1, 3), padding=(0, 1), groups=mid, bias=False), *post(mid),
        nn.MaxPool2d((2, 1), stride=(2, 1)),
        nn.Conv2d(mid, mid, (3, 1), padding=(1, 0), groups=mid, bias=False), *post(mid),
        nn.Conv2d(mid, cout, (1, 2), stride=(1, 2), bias=False), *post(cout),
    )


def effnet_cifar10(num_classes=10):
    return seq(effnet_block(3, 32, 64), effnet_block(64, 64, 128), effnet_block(128, 128, 256),
               nn.Flatten(), nn.Linear(4 * 4 * 256, num_classes))


# ---------------------------------------------------------------------------
# Published figures (what each number means is spelled out)
# ---------------------------------------------------------------------------

COMPACT = [
    {
        "name": "mobilenet_v1",
        "builder": mobilenet_v1,
        "input": (3, 224, 224),
        "published": {
            "source": "Howard et al. 2017 (arXiv:1704.04861), Table 8, 1.0 MobileNet-224",
            "mult_adds": 569_000_000,
            "mult_adds_text": "569 million mult-adds",
            "params": 4_200_000,
            "params_text": "4.2 million parameters",
            "reference_params": 4_231_976,
            "reference_params_text": "keras.applications.MobileNet (alpha 1.0, 224): 4,253,864 "
                                     "weights of which 4,231,976 trainable (the rest are batch "
                                     "norm moving statistics)",
        },
    },
    {
        "name": "shufflenet_v1_g3",
        "builder": shufflenet_v1,
        "input": (3, 224, 224),
        "published": {
            "source": "Zhang et al. 2017 (arXiv:1707.01083), Table 1, g = 3, and Table 2, "
                      "ShuffleNet 1x",
            "mult_adds": 137_000_000,
            "mult_adds_text": "Table 1: complexity 137M FLOPs (the paper's FLOPs are "
                              "multiply-adds); Table 2 and the text round it to 140 MFLOPs",
            "params": None,
            "params_text": "the paper gives no parameter count",
            "reference_mult_adds": 138_000_000,
            "reference_params": 1_900_000,
            "reference_text": "megvii-model/ShuffleNet-Series ShuffleNetV1 README: "
                              "ShuffleNetV1 1.0x (group=3) 138M FLOPs, 1.9M #Params",
        },
    },
    {
        "name": "xception",
        "builder": xception,
        "input": (3, 299, 299),
        "published": {
            "source": "Chollet 2017 (arXiv:1610.02357), Table 3",
            "params": 22_855_952,
            "params_text": "22,855,952 parameters (Keras: 22,910,480 weights, of which "
                           "54,528 batch norm moving statistics)",
            "mult_adds": None,
            "mult_adds_text": "the paper gives no FLOP count",
        },
    },
    {
        "name": "effnet_cifar10",
        "builder": effnet_cifar10,
        "input": (3, 32, 32),
        "published": {
            "source": "Freeman et al. 2018 (arXiv:1801.06434); configuration of "
                      "arthurdouillard/keras-effnet and andrijdavid/EffNet",
            "params": None,
            "mult_adds": None,
            "text": "the paper's CIFAR-10 tables could not be consulted from this "
                    "environment (only their images are reproduced in the material "
                    "available); no published figure is asserted here",
        },
    },
]


def tool_versions():
    import fvcore
    import ptflops
    import thop
    import torchinfo
    import torchvision
    return {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "thop": oracle._version(thop, "thop"),
        "fvcore": oracle._version(fvcore, "fvcore"),
        "ptflops": oracle._version(ptflops, "ptflops"),
        "torchinfo": torchinfo.__version__,
    }


def main():
    oracle._ORIGINAL = oracle._patch_snapshot()
    torch.set_grad_enabled(False)
    import torchinfo_oracle

    records = []
    fmt = "{:<20} {:>11} {:>14} {:>14} {:>14} {:>14} {:>14}"
    print(fmt.format("model", "params", "conv_linear", "thop", "fvcore", "ptflops", "torchinfo"))
    for spec in COMPACT:
        name, shape = spec["name"], spec["input"]
        model = oracle.build(spec["builder"])
        rec, notes = oracle.measure(model, shape)
        ti = torchinfo_oracle.measure(name, model, shape)
        rec["torchinfo"] = {k: ti[k] for k in (
            "total_params", "trainable_params", "total_mult_adds", "total_input",
            "total_output_bytes", "total_param_bytes", "printed")}
        rec.update({"name": name, "source": "equivalent", "input": list(shape),
                    "published": spec["published"]})
        if notes:
            rec["notes"] = notes
        records.append(rec)
        print(fmt.format(name, rec["params"], rec["conv_linear_macs"], str(rec["thop_macs"]),
                         str(rec["fvcore_flops"]), str(rec["ptflops_macs"]),
                         rec["torchinfo"]["total_mult_adds"]))

    with open(os.path.join(HERE, "compact.json"), "w") as f:
        json.dump({"tools": tool_versions(), "models": records}, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
