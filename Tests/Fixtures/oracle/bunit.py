"""The authors' stacking rules in PyTorch, for `tissue stack` to be checked against.

Lan, Cheung & Jiang's released code (github.com/Lanweichao/BUnit-Net, `Part II/bunit_resnet.py`)
builds stacked ResNets from `Unit` (a ModuleList of `SmallModel`s: conv3x3(2 -> hidden, stride)
-bn-relu-conv3x3(hidden -> out)-bn) and `Concat` (split the input into pieces of 2 channels, run
each unit on its piece, ReLU, concatenate). `SmallModel`, `Unit` and `Concat` are transcribed
below; the blocks are torchvision's with their layers swapped as the authors' blocks do:

- `BunitBlock` (a BasicBlock whose conv1/bn1/conv2/bn2 become `Unit(inplanes//2, 4,
  planes//inplanes*2, stride)`), used by the authors' ResNet in layer2 and layer3 only:
  `tissue stack Examples/zoo/resnet18.arch --hidden 4 --replace inner`;
- `BunitBottleneck` (a Bottleneck whose conv2 becomes `Unit(width//2, 4, 2, stride)`), in every
  block of ResNet-50. Its released `forward` passes the block input `x` to the units (which then
  see only x's first `width` channels, and conv1/bn1 go unused); here they read `out`, the 1x1
  convolution's output, which is what the constructor sizes them for, and the unused `bn2` is
  dropped:
  `tissue stack Examples/zoo/resnet50.arch --hidden 4`.

Writes bunit.json: params, output and thop MACs (thop 0.1.1) at 224x224.
Run: python bunit.py  (torch, torchvision, thop)
"""
import json

import thop
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models.resnet import BasicBlock, Bottleneck


class SmallModel(nn.Module):
    def __init__(self, hidden_node, out_node, stride):
        super().__init__()
        self.layer1 = nn.Sequential(
            nn.Conv2d(2, hidden_node, kernel_size=3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(hidden_node), nn.ReLU(inplace=True))
        self.layer2 = nn.Sequential(
            nn.Conv2d(hidden_node, out_node, kernel_size=3, stride=1, padding=1, bias=False),
            nn.BatchNorm2d(out_node))

    def forward(self, x):
        return self.layer2(self.layer1(x))


def Unit(node, hidden, out, stride):
    return nn.ModuleList([SmallModel(hidden, out, stride) for _ in range(node)])


def Concat(node, x, networks):
    pieces = torch.split(x, 2, dim=1)
    return torch.cat([F.relu(networks[i](pieces[i])) for i in range(node)], 1)


def bunit_block(block, hidden):
    inplanes, planes, stride = block.conv1.in_channels, block.conv2.out_channels, block.conv1.stride[0]
    block.units = Unit(inplanes // 2, hidden, planes // inplanes * 2, stride)
    del block.conv1, block.bn1, block.conv2, block.bn2

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(Concat(len(self.units), x, self.units) + identity)
    block.forward = forward.__get__(block)


def bunit_bottleneck(block, hidden):
    width, stride = block.conv2.in_channels, block.conv2.stride[0]
    block.units = Unit(width // 2, hidden, 2, stride)
    del block.conv2, block.bn2

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = Concat(len(self.units), out, self.units)
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)
    block.forward = forward.__get__(block)


def resnet18_bunit(hidden=4):
    m = torchvision.models.resnet18(weights=None)
    for layer in (m.layer2, m.layer3):
        for block in layer:
            assert isinstance(block, BasicBlock)
            bunit_block(block, hidden)
    return m


def resnet50_bunit(hidden=4):
    m = torchvision.models.resnet50(weights=None)
    for block in m.modules():
        if isinstance(block, Bottleneck):
            bunit_bottleneck(block, hidden)
    return m


def measure(name, arch, arguments, model):
    model.eval()
    x = torch.zeros(1, 3, 224, 224)
    with torch.no_grad():
        output = list(model(x).shape[1:])
    macs, _ = thop.profile(model, inputs=(x,), verbose=False)
    return {"name": name, "arch": arch, "arguments": arguments, "output": output,
            "params": sum(p.numel() for p in model.parameters()), "thop_macs": int(macs)}


def main():
    models = [
        measure("resnet18-bunit-h4-r", "Examples/zoo/resnet18.arch", ["--hidden", "4", "--replace", "inner"],
                resnet18_bunit()),
        measure("resnet50-bunit-h4", "Examples/zoo/resnet50.arch", ["--hidden", "4"], resnet50_bunit()),
    ]
    result = {"tools": {"torch": torch.__version__, "torchvision": torchvision.__version__, "thop": thop.__version__},
              "models": models}
    with open("bunit.json", "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
