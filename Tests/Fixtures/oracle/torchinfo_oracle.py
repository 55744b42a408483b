#!/usr/bin/env python3
"""Oracle for tissue: what torchinfo 1.8.0 reports.

Runs torchinfo.summary(model, input_size=(1, *input), verbose=0) on every
model that oracle.py builds for models.json (same builders, same input sizes,
plus the three "arch_equivalent" rewrites) and on every single-operation case
of ops.json, and writes

    torchinfo.json

next to this script. The Swift tests read only the JSON file.

Set-up and regeneration (nothing is downloaded, weights=None):

    /tmp/venv/bin/pip install torchinfo==1.8.0     # besides oracle.py's packages
    /tmp/venv/bin/python Tests/Fixtures/oracle/torchinfo_oracle.py

Recorded per model (all integers come straight from the returned
torchinfo.model_statistics.ModelStatistics):
  total_params, trainable_params, total_mult_adds, total_input,
  total_output_bytes, total_param_bytes
  printed    the totals block of str(ModelStatistics), line by line
             ("Total params: 61,706", ..., "Estimated Total Size (MB): 0.30")
  by_class   per leaf-module class: calls, mult_adds, output_bytes (the x2
             already applied, as in total_output_bytes), params (first call
             only), so a mismatch can be located
  layers     (lenet5, lenet-hybrid, resnet18-cifar10 and the probes) every entry of
             summary_list: class_name, depth, depth_index, var_name,
             output_size, num_params, macs, output_bytes, is_leaf_layer,
             is_recursive; plus "printed_table", the full printed summary

"probes" records four tiny models with patterns the .arch language cannot
write (a module called twice, a child never called, a parameter held by a
container, functional ops), to pin down how torchinfo counts them.

Every recorded model is also re-derived by an independent implementation of
the rules documented in torchinfo.md (forward hooks on leaf modules); the
script stops if the re-derivation and torchinfo disagree on any total.
"""

import contextlib
import copy
import io
import json
import os
import platform
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ next to the fixtures

warnings.filterwarnings("ignore")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torchinfo  # noqa: E402

import oracle  # noqa: E402  (builders, MODELS, OPS, EQUIVALENT)

torch.set_num_threads(1)

LAYER_DETAIL = ("lenet5", "lenet-hybrid", "resnet18-cifar10")

PRINTED_KEYS = (
    "Total params",
    "Trainable params",
    "Non-trainable params",
    "Total mult-adds",
    "Input size (MB)",
    "Forward/backward pass size (MB)",
    "Params size (MB)",
    "Estimated Total Size (MB)",
)


def storage_overhead():
    """sys.getsizeof(storage) - storage bytes: the Python object overhead
    that torchinfo's total_input includes (64 on CPython 3.11 x86-64)."""
    s = torch.empty(0).untyped_storage()
    return sys.getsizeof(s) - s.nbytes()


def run_torchinfo(model, shape):
    m = copy.deepcopy(model)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        stats = torchinfo.summary(m, input_size=(1, *shape), verbose=0)
    printed = str(stats)
    return stats, printed


def printed_totals(printed):
    lines = []
    for line in printed.splitlines():
        if line.startswith(PRINTED_KEYS):
            lines.append(line)
    return lines


def rederive(model, shape):
    """Independent implementation of torchinfo's totals (see torchinfo.md).

    Leaf module = a module without children. Per leaf call with output `out`:
      mult-adds  Conv* class: sum over its parameters named weight/bias of
                 numel * out.shape[0] * prod(out.shape[2:]);
                 any other class: out.shape[0] * (its parameter count)
      output     if it has parameters: 2 * out.numel() * out.element_size()
    Params and param bytes: every leaf module once (first call); parameters
    that sit directly on a container count in params but not in bytes.
    Input: numel * element_size + Python storage object overhead.
    """
    m = copy.deepcopy(model)
    m.eval()
    seen = set()
    acc = {"macs": 0, "out": 0, "params": 0, "pbytes": 0}
    by_class = {}
    handles = []

    def hook(mod, inp, out):
        own = list(mod.named_parameters())
        n = sum(p.numel() for _, p in own)
        cls = type(mod).__name__
        if n:
            if "Conv" in cls:
                spatial = 1
                for d in out.shape[2:]:
                    spatial *= d
                macs = sum(p.numel() * out.shape[0] * spatial
                           for name, p in own if name in ("weight", "bias"))
            else:
                macs = out.shape[0] * n
            obytes = 2 * out.numel() * out.element_size()
        else:
            macs, obytes = 0, 0
        rec = by_class.setdefault(cls, {"calls": 0, "mult_adds": 0, "output_bytes": 0,
                                        "params": 0})
        rec["calls"] += 1
        rec["mult_adds"] += int(macs)
        rec["output_bytes"] += int(obytes)
        acc["macs"] += int(macs)
        acc["out"] += int(obytes)
        if id(mod) not in seen:
            seen.add(id(mod))
            rec["params"] += int(n)
            acc["params"] += int(n)
            acc["pbytes"] += int(sum(p.numel() * p.element_size() for _, p in own))

    for mod in m.modules():
        if not any(mod.children()):
            handles.append(mod.register_forward_hook(hook))
    x = torch.zeros((1, *shape), dtype=torch.float32)
    with torch.no_grad():
        m(x)
    for h in handles:
        h.remove()
    # parameters held directly by containers (none in these models)
    direct = sum(p.numel() for mod in m.modules() if any(mod.children())
                 for p in mod.parameters(recurse=False))
    acc["params"] += int(direct)
    acc["input"] = int(x.numel() * x.element_size() + storage_overhead())
    return acc, dict(sorted(by_class.items()))


def layer_rows(stats):
    rows = []
    for li in stats.summary_list:
        rows.append({
            "class_name": li.class_name,
            "depth": li.depth,
            "depth_index": li.depth_index,
            "var_name": li.var_name,
            "output_size": [int(v) for v in li.output_size],
            "num_params": int(li.num_params),
            "macs": int(li.macs),
            "output_bytes": int(li.output_bytes),
            "is_leaf_layer": bool(li.is_leaf_layer),
            "is_recursive": bool(li.is_recursive),
        })
    return rows


def measure(name, model, shape, detail=False):
    stats, printed = run_torchinfo(model, shape)
    rec = {
        "total_params": int(stats.total_params),
        "trainable_params": int(stats.trainable_params),
        "total_mult_adds": int(stats.total_mult_adds),
        "total_input": int(stats.total_input),
        "total_output_bytes": int(stats.total_output_bytes),
        "total_param_bytes": int(stats.total_param_bytes),
        "printed": printed_totals(printed),
    }
    derived, by_class = rederive(model, shape)
    rec["by_class"] = by_class
    checks = {
        "total_mult_adds": derived["macs"],
        "total_output_bytes": derived["out"],
        "total_params": derived["params"],
        "total_param_bytes": derived["pbytes"],
        "total_input": derived["input"],
    }
    for k, v in checks.items():
        if rec[k] != v:
            raise AssertionError(f"{name}: {k} torchinfo={rec[k]} rederived={v}")
    params = sum(p.numel() for p in model.parameters())
    if rec["total_params"] != params:
        raise AssertionError(f"{name}: total_params {rec['total_params']} != {params}")
    if detail:
        rec["layers"] = layer_rows(stats)
        rec["printed_table"] = printed.splitlines()
    return rec


# ---------------------------------------------------------------------------
# Probes: module patterns the .arch language cannot write, recorded to pin
# down how torchinfo treats them (see torchinfo.md, "The totals").
# ---------------------------------------------------------------------------

class _SharedConv(nn.Module):
    """One Conv2d called twice."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        return self.c(self.c(x))


class _UnusedChild(nn.Module):
    """A child module that forward never calls."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(4, 4, 3, padding=1)
        self.extra = nn.Linear(10, 10)

    def forward(self, x):
        return self.c(x)


class _DirectParameter(nn.Module):
    """A parameter held directly by a container (not by a leaf module)."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(4, 4, 3, padding=1)
        self.scale = nn.Parameter(torch.ones(1, 4, 1, 1))

    def forward(self, x):
        return self.c(x) * self.scale


class _Functional(nn.Module):
    """F.relu, + and torch.cat written functionally."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(4, 4, 3, padding=1)

    def forward(self, x):
        y = F.relu(self.c(x))
        return torch.cat([y, y + x], 1)


PROBES = [
    ("shared-conv", "Conv2d(4,4,3,p=1) called twice", _SharedConv),
    ("unused-child", "Conv2d(4,4,3,p=1) called; Linear(10,10) never called", _UnusedChild),
    ("direct-parameter", "Conv2d(4,4,3,p=1) then * a 4-element nn.Parameter of the container",
     _DirectParameter),
    ("functional", "Conv2d(4,4,3,p=1), F.relu, y + x, torch.cat", _Functional),
]


def probe(name, what, cls):
    torch.manual_seed(0)
    stats, printed = run_torchinfo(cls().eval(), (4, 8, 8))
    return {
        "name": name, "what": what, "input": [4, 8, 8],
        "model_params": int(sum(p.numel() for p in cls().parameters())),
        "total_params": int(stats.total_params),
        "trainable_params": int(stats.trainable_params),
        "total_mult_adds": int(stats.total_mult_adds),
        "total_input": int(stats.total_input),
        "total_output_bytes": int(stats.total_output_bytes),
        "total_param_bytes": int(stats.total_param_bytes),
        "layers": layer_rows(stats),
    }


def main():
    torch.set_grad_enabled(False)
    tools = {
        "torch": torch.__version__,
        "torchinfo": torchinfo.__version__,
        "python": platform.python_version(),
        "storage_overhead_bytes": storage_overhead(),
    }

    models = []
    fmt = "{:<30} {:>11} {:>14} {:>12} {:>12} {:>12}"
    print(fmt.format("model", "params", "mult_adds", "input", "output_b", "param_b"))
    for name, arch, source, builder, shape in oracle.MODELS:
        model = oracle.build(builder)
        rec = measure(name, model, shape, detail=name in LAYER_DETAIL)
        rec.update({"name": name, "arch": arch, "source": source, "input": list(shape)})
        if name in oracle.EQUIVALENT:
            how, eb = oracle.EQUIVALENT[name]
            eq = measure(name + " (arch_equivalent)", oracle.build(eb), shape)
            eq.pop("by_class")
            eq["how"] = how
            rec["arch_equivalent"] = eq
        models.append(rec)
        print(fmt.format(name, rec["total_params"], rec["total_mult_adds"], rec["total_input"],
                         rec["total_output_bytes"], rec["total_param_bytes"]))

    ops = []
    print()
    for name, arch, shape, builder in oracle.OPS:
        model = oracle.build(builder)
        rec = measure(name, model, shape)
        rec.update({"name": name, "arch": arch, "input": list(shape)})
        ops.append(rec)
        print(fmt.format(name, rec["total_params"], rec["total_mult_adds"], rec["total_input"],
                         rec["total_output_bytes"], rec["total_param_bytes"]))

    probes = [probe(*p) for p in PROBES]

    with open(os.path.join(HERE, "torchinfo.json"), "w") as f:
        json.dump({"tools": tools, "models": models, "ops": ops, "probes": probes}, f,
                  sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
