#!/usr/bin/env python3
"""Times a forward pass in PyTorch on the CPU, for comparison with `tissue bench verify`.

Both sides run the same network: batch 1, float32, eval mode, no autograd, the same thread
count. The script reports the median (and minimum) over --runs timed passes after --warmup
untimed ones, and the rate 2 x MACs / time, where MACs are the convolution and linear
multiply-accumulates (tissue's standard convention), counted here with forward hooks.

    /tmp/venv/bin/python Examples/benchmarks/pytorch_forward.py               # both networks
    /tmp/venv/bin/python Examples/benchmarks/pytorch_forward.py --model resnet50 --threads 2 --runs 50

Networks (the same as Examples/zoo/resnet50.arch and Examples/zoo/vgg16-cifar10.arch):
  resnet50        torchvision.models.resnet50(weights=None), input 3x224x224
  vgg16-cifar10   the CIFAR VGG-16 with batch norm of Tests/Fixtures/oracle/oracle.py
                  (kuangliu/pytorch-cifar), input 3x32x32

Needs only torch and torchvision (no weights are downloaded).
"""

import argparse
import statistics
import time

import torch
import torch.nn as nn
import torchvision

VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]


def vgg16_cifar10():
    """Tests/Fixtures/oracle/oracle.py vgg_cifar("VGG16"), duplicated to avoid its tool imports."""
    layers, cin = [], 3
    for x in VGG16_CFG:
        if x == "M":
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            layers += [nn.Conv2d(cin, x, kernel_size=3, padding=1), nn.BatchNorm2d(x), nn.ReLU(inplace=True)]
            cin = x
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(512, 10))


MODELS = {
    "resnet50": (lambda: torchvision.models.resnet50(weights=None), (3, 224, 224)),
    "vgg16-cifar10": (vgg16_cifar10, (3, 32, 32)),
}


def conv_linear_macs(model, x):
    """Convolution and linear multiply-accumulates of one forward pass (forward hooks)."""
    total = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total[0] += output.numel() * (module.in_channels // module.groups) * kh * kw
        elif isinstance(module, nn.Linear):
            total[0] += output.numel() * module.in_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return total[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=sorted(MODELS) + ["all"], default="all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    names = sorted(MODELS) if args.model == "all" else [args.model]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, batch 1, float32, eval, no_grad")
    for name in names:
        build, shape = MODELS[name]
        model = build().eval()
        x = torch.randn(1, *shape)
        macs = conv_linear_macs(model, x)
        times = []
        with torch.no_grad():
            for _ in range(args.warmup):
                model(x)
            for _ in range(args.runs):
                start = time.perf_counter()
                model(x)
                times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{name}: input {'x'.join(map(str, shape))}, MACs {macs}, "
              f"median {median * 1e3:.2f} ms, min {min(times) * 1e3:.2f} ms over {args.runs} runs, "
              f"{2 * macs / median / 1e9:.1f} GFLOP/s")


if __name__ == "__main__":
    main()
