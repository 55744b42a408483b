#!/usr/bin/env python3
"""Torch-Pruning fixture for tissue: what uniform structured channel pruning does.

For six of the networks under Examples/zoo (built by the oracle script, so they
are exactly the PyTorch models the .arch files describe) and for the pruning
ratios in RATIOS, this runs Torch-Pruning's uniform (local) magnitude pruning

    pruner = tp.pruner.MetaPruner(model, example_inputs,
                                  importance=tp.importance.MagnitudeImportance(p=2),
                                  pruning_ratio=R, ignored_layers=[classifier],
                                  global_pruning=False)
    pruner.step()

and writes pruning.json next to this script: params, conv+linear MACs, output
shape and every Conv2d/Linear/BatchNorm2d before and after pruning, plus the
dependency groups Torch-Pruning found (listed with DG.get_all_groups before
stepping), their channel counts before and after and how many were pruned.
A few single-purpose micro networks ("cases") pin down the rules the six
models do not exercise (concat, stack = split + cat, dwconv m=2, grouped
convolution with a small group, a group too small to prune, a residual on the
network input, the floating-point truncation of the kept count).

The Swift tests read only pruning.json; they never run Python.

Set-up (a virtual environment outside the repository; PyPI only):

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install torch torchvision thop fvcore ptflops torch-pruning==1.6.1

(thop, fvcore and ptflops are only needed because the oracle script, whose
model builders are reused here, imports them.)

Regenerate (from the repository root; nothing is downloaded, weights=None):

    /tmp/venv/bin/python Tests/Fixtures/pruning/pruning.py

Two runs give byte-identical output. The script asserts the channel-count rule
documented in README.md for every group of every model, ratio and case.
"""

import json
import os
import sys
import warnings

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "oracle"))

import oracle  # noqa: E402  (the oracle's builders: the .arch files' PyTorch models)
import torch_pruning as tp  # noqa: E402

warnings.filterwarnings("ignore")

RATIOS = [0.1, 0.25, 0.5, 0.75]

# oracle.MODELS names of the networks to prune
MODEL_NAMES = ["lenet5", "vgg16-cifar10", "resnet18-cifar10", "resnet50",
               "mobilenet_v2", "resnext50_32x4d"]

CALL = ("tp.pruner.MetaPruner(model, example_inputs, "
        "importance=tp.importance.MagnitudeImportance(p=2), pruning_ratio=R, "
        "ignored_layers=[classifier], global_pruning=False); pruner.step()")


# ---------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------

def module_order(model):
    return {m: i for i, (_, m) in enumerate(model.named_modules())}


def layer_record(name, m):
    own = int(sum(p.numel() for p in m.parameters(recurse=False)))
    if isinstance(m, nn.Conv2d):
        return {"name": name, "op": "conv", "in": m.in_channels, "out": m.out_channels,
                "groups": m.groups, "kernel": list(m.kernel_size), "params": own}
    if isinstance(m, nn.Linear):
        return {"name": name, "op": "linear", "in": m.in_features, "out": m.out_features,
                "groups": None, "kernel": None, "params": own}
    return {"name": name, "op": "bn", "in": m.num_features, "out": m.num_features,
            "groups": None, "kernel": None, "params": own}


def measure(model, x):
    """params, conv+linear MACs (the oracle's convention), output shape and
    every conv/linear/bn layer in module order, with its output shape."""
    macs = [0]
    outputs = {}
    handles = []

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            kh, kw = m.kernel_size
            macs[0] += out.numel() * (m.in_channels // m.groups) * kh * kw
        elif isinstance(m, nn.Linear):
            macs[0] += out.numel() * m.in_features
        assert m not in outputs, "a layer ran twice"
        outputs[m] = list(out.shape[1:])

    layers = []
    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv2d, nn.Linear, nn.BatchNorm2d)):
            handles.append(m.register_forward_hook(hook))
            layers.append((name, m))
    model.eval()
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()
    recs = []
    for name, m in layers:
        r = layer_record(name, m)
        r["output"] = outputs[m]
        recs.append(r)
    return {
        "params": int(sum(p.numel() for p in model.parameters())),
        "conv_linear_macs": int(macs[0]),
        "output": list(y.shape[1:]),
        "layers": recs,
    }


# ---------------------------------------------------------------------------
# Dependency groups
# ---------------------------------------------------------------------------

def _kind(module):
    if isinstance(module, nn.BatchNorm2d):
        return "bn"
    if isinstance(module, nn.Linear):
        return "linear"
    if isinstance(module, nn.Conv2d):
        return "conv"
    return None


def _dim(DG, dep, module):
    # BatchNorm and depthwise convolutions have one pruning function for both
    # dimensions (prune_in_channels = prune_out_channels): "both".
    pruner = DG.get_pruner_of_module(module)
    if pruner.prune_in_channels == pruner.prune_out_channels:
        return "both"
    return "out" if DG.is_out_channel_pruning_fn(dep.handler) else "in"


def _size(module, dim):
    if isinstance(module, nn.Conv2d):
        return module.in_channels if dim == "in" else module.out_channels
    if isinstance(module, nn.Linear):
        return module.in_features if dim == "in" else module.out_features
    return module.num_features


def _other_op(module):
    if isinstance(module, tp.ops._ElementWiseOp):
        return str(module._grad_fn)
    for cls, label in ((tp.ops._ConcatOp, "concat"), (tp.ops._SplitOp, "split"),
                       (tp.ops._ReshapeOp, "reshape"), (tp.ops._OutputOp, "output"),
                       (tp.ops._SliceOp, "slice"), (tp.ops._UnbindOp, "unbind"),
                       (tp.ops._ExpandOp, "expand")):
        if isinstance(module, cls):
            return label
    return type(module).__name__


def list_groups(pruner, model):
    """The groups Torch-Pruning ranks and prunes, exactly as _prune() lists them."""
    DG = pruner.DG
    order = module_order(model)
    names = {m: n for n, m in model.named_modules()}
    groups = []
    for g in DG.get_all_groups(ignored_layers=pruner.ignored_layers,
                               root_module_types=pruner.root_module_types):
        root = g[0].dep.target.module
        members, others = [], set()
        for dep, idxs in g:
            mod = dep.target.module
            if _kind(mod) is None:
                others.add(_other_op(mod))
                continue
            dim = _dim(DG, dep, mod)
            members.append({"module": mod, "name": names[mod], "op": _kind(mod),
                            "dim": dim, "size": len(idxs), "before": _size(mod, dim)})
        members.sort(key=lambda d: (order[d["module"]], d["dim"]))
        ch_groups = pruner._get_channel_groups(g)
        n = DG.get_out_channels(root)
        groups.append({
            "root": root, "root_name": names[root], "channels": n, "ch_groups": ch_groups,
            "members": members, "other_ops": sorted(others),
            "eligible": bool(pruner._check_pruning_ratio(g)),
        })
    # stable, readable order: by the first module (in module order) that the group prunes
    groups.sort(key=lambda gr: min(order[m["module"]] for m in gr["members"]))
    return groups


def expected_kept(n, ch_groups, ratio, eligible):
    """The rule (README.md): per channel group, keep int(group_size * (1 - R));
    if that would remove everything, or the group is not eligible, keep all."""
    if not eligible:
        return n
    size = n // ch_groups
    keep = int(size * (1.0 - ratio))  # exactly base_pruner.py: int(initial * (1 - ratio))
    if keep == 0:
        return n  # check_pruning_group() refuses to empty a layer: nothing is pruned
    return keep * ch_groups


def prune(builder, shape, ratio, classifier_of):
    model = oracle.build(builder)
    x = oracle.make_input(shape)
    before = measure(model, x)
    classifier = classifier_of(model)
    ignored = [classifier] if classifier is not None else None
    pruner = tp.pruner.MetaPruner(
        model, x, importance=tp.importance.MagnitudeImportance(p=2),
        pruning_ratio=ratio, ignored_layers=ignored, global_pruning=False)
    groups = list_groups(pruner, model)
    try:
        pruner.step()
    except Exception as e:
        # Torch-Pruning itself fails (dwconv m=2); importance is estimated for all
        # groups before anything is pruned, so the model is untouched
        return before, {"step_error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0])}, \
            None, None, None
    try:
        after = measure(model, x)
        after["forward_error"] = None
    except RuntimeError as e:
        # the pruned model does not run (see the stack and residual-on-input cases)
        after = {"params": int(sum(p.numel() for p in model.parameters())),
                 "conv_linear_macs": None, "output": None,
                 "layers": [layer_record(n, m) for n, m in model.named_modules()
                            if isinstance(m, (nn.Conv2d, nn.Linear, nn.BatchNorm2d))],
                 "forward_error": str(e).splitlines()[0]}
    names = {m: n for n, m in model.named_modules()}

    group_recs, group_after = [], []
    expected_change, sliced = {}, set()
    for i, gr in enumerate(groups):
        n = gr["channels"]
        kept = pruner.DG.get_out_channels(gr["root"])
        exp = expected_kept(n, gr["ch_groups"], ratio, gr["eligible"])
        assert kept == exp, (gr["root_name"], n, gr["ch_groups"], ratio, kept, exp)
        pruned = n - kept
        for mem in gr["members"]:
            key = (mem["module"], mem["dim"])
            if mem["size"] % n == 0:
                # every member loses size/n indices per pruned channel
                # (1, or H*W for a linear layer after a flatten)
                expected_change[key] = expected_change.get(key, 0) + pruned * (mem["size"] // n)
            else:
                # a slice of the group behind a torch.split (stack): how many of the
                # pruned channels fall into it depends on which channels were chosen
                sliced.add(key)
        group_recs.append({
            "id": i,
            "root": gr["root_name"],
            "channels": n,
            "ch_groups": gr["ch_groups"],
            "group_size": n // gr["ch_groups"],
            "members": [{"name": m["name"], "op": m["op"], "dim": m["dim"], "size": m["size"]}
                        for m in gr["members"]],
            "other_ops": gr["other_ops"],
        })
        group_after.append({"id": i, "channels": n, "kept": kept, "pruned": pruned})
    for gr in groups:
        for mem in gr["members"]:
            key = (mem["module"], mem["dim"])
            now = _size(mem["module"], mem["dim"])
            if key in sliced:
                assert 0 <= mem["before"] - now <= mem["before"]
            else:
                assert mem["before"] - now == expected_change[key], \
                    (gr["root_name"], mem["name"], mem["before"], now, expected_change[key])
    if classifier is not None:
        assert names[classifier] in {l["name"] for l in after["layers"]}
    return before, after, group_recs, group_after, (names[classifier] if classifier else None)


def last_linear(model):
    return [m for m in model.modules() if isinstance(m, nn.Linear)][-1]


# ---------------------------------------------------------------------------
# Micro cases for rules the six models do not exercise
# ---------------------------------------------------------------------------

seq, Residual, Concat, Stack = oracle.seq, oracle.Residual, oracle.Concat, oracle.Stack


def head(c):
    return [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, 10)]


CASES = [
    ("concat",
     "input 4x8x8\nconv 8 k=1\nconcat { conv 6 k=3 p=1 } { conv 10 k=3 p=1 }\nconv 8 k=1\n"
     "gap; flatten\nlinear 10",
     (4, 8, 8),
     lambda: seq(nn.Conv2d(4, 8, 1),
                 Concat(nn.Conv2d(8, 6, 3, padding=1), nn.Conv2d(8, 10, 3, padding=1)),
                 nn.Conv2d(16, 8, 1), *head(8))),
    ("stack",
     "unit u(c) in c { conv 6 k=3 p=1; relu; conv c k=3 p=1 }\ninput 8x8x8\nconv 8 k=1\n"
     "stack 2 x u(4)\nconv 8 k=1\ngap; flatten\nlinear 10",
     (8, 8, 8),
     lambda: seq(nn.Conv2d(8, 8, 1),
                 Stack([(4, seq(nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(),
                                nn.Conv2d(6, 4, 3, padding=1))) for _ in range(2)]),
                 nn.Conv2d(8, 8, 1), *head(8))),
    ("dwconv",
     "input 4x8x8\nconv 8 k=1; bn; relu\ndwconv k=3 p=1; bn; relu\nconv 8 k=1\ngap; flatten\n"
     "linear 10",
     (4, 8, 8),
     lambda: seq(nn.Conv2d(4, 8, 1), nn.BatchNorm2d(8), nn.ReLU(),
                 nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.BatchNorm2d(8), nn.ReLU(),
                 nn.Conv2d(8, 8, 1), *head(8))),
    ("dwconv-m2",
     "input 4x8x8\nconv 8 k=1\ndwconv k=3 p=1 m=2\nconv 8 k=1\ngap; flatten\nlinear 10",
     (4, 8, 8),
     lambda: seq(nn.Conv2d(4, 8, 1), nn.Conv2d(8, 16, 3, padding=1, groups=8),
                 nn.Conv2d(16, 8, 1), *head(8))),
    ("grouped-g4",
     "input 4x8x8\nconv 12 k=1\nconv 24 k=3 p=1 g=4\nconv 8 k=1\ngap; flatten\nlinear 10",
     (4, 8, 8),
     lambda: seq(nn.Conv2d(4, 12, 1), nn.Conv2d(12, 24, 3, padding=1, groups=4),
                 nn.Conv2d(24, 8, 1), *head(8))),
    ("tiny",
     "input 4x8x8\nconv 3 k=3 p=1\nconv 8 k=3 p=1\ngap; flatten\nlinear 10",
     (4, 8, 8),
     lambda: seq(nn.Conv2d(4, 3, 3, padding=1), nn.Conv2d(3, 8, 3, padding=1), *head(8))),
    ("flatten-linear",
     "input 3x8x8\nconv 6 k=3 p=1; relu; maxpool k=2\nflatten\nlinear 20; relu\nlinear 10",
     (3, 8, 8),
     lambda: seq(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                 nn.Linear(96, 20), nn.ReLU(), nn.Linear(20, 10))),
    ("mlp",
     "input 30\nlinear 20; relu\nlinear 7; relu\nlinear 10",
     (30,),
     lambda: seq(nn.Linear(30, 20), nn.ReLU(), nn.Linear(20, 7), nn.ReLU(),
                 nn.Linear(7, 10))),
    # a residual directly on the network input: the input is not a graph node,
    # so nothing couples the conv's output to it (the pruned model fails)
    ("residual-on-input",
     "input 4x8x8\nresidual { conv 4 k=3 p=1 }\ngap; flatten\nlinear 10",
     (4, 8, 8),
     lambda: seq(Residual(nn.Conv2d(4, 4, 3, padding=1)), *head(4))),
    # int(n * (1 - R)) in binary floating point: 90 * (1 - 0.3) = 62.99999999999999
    # keeps 62, and 5 * (1 - 0.8) = 0.9999999999999998 keeps 0, so nothing is pruned
    ("float-rounding",
     "input 30\nlinear 90; relu\nlinear 5; relu\nlinear 10",
     (30,),
     lambda: seq(nn.Linear(30, 90), nn.ReLU(), nn.Linear(90, 5), nn.ReLU(),
                 nn.Linear(5, 10)),
     [0.3, 0.8]),
]


# ---------------------------------------------------------------------------

def _flat(obj):
    if isinstance(obj, dict):
        return all(not isinstance(v, (dict, list)) or
                   (isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v))
                   for v in obj.values())
    if isinstance(obj, list):
        return all(not isinstance(x, (dict, list)) for x in obj)
    return True


def dumps(obj, level=0):
    """JSON with sorted keys, one line per layer / group member / record of scalars."""
    if _flat(obj):
        return json.dumps(obj, sort_keys=True)
    pad, inner = " " * level, " " * (level + 1)
    if isinstance(obj, dict):
        items = [inner + json.dumps(k) + ": " + dumps(obj[k], level + 1) for k in sorted(obj)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    items = [inner + dumps(x, level + 1) for x in obj]
    return "[\n" + ",\n".join(items) + "\n" + pad + "]"


def _version(dist, mod):
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return getattr(mod, "__version__", "unknown")


def main():
    torch.set_num_threads(1)
    import torchvision
    tools = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "torch_pruning": _version("torch-pruning", tp),
        "torch_pruning_module_version": tp.__version__,
    }
    by_name = {m[0]: m for m in oracle.MODELS}
    with open(os.path.join(HERE, "..", "oracle", "models.json")) as f:
        oracle_models = {m["name"]: m for m in json.load(f)["models"]}

    models = []
    fmt = "{:<20} {:>5} {:>10} {:>10} {:>14} {:>14} {:>7} {:>7}"
    print(fmt.format("model", "R", "params", "after", "macs", "after", "p%", "m%"))
    for name in MODEL_NAMES:
        _, arch, source, builder, shape = by_name[name]
        rec = {"name": name, "arch": arch, "source": source, "input": list(shape),
               "pruned": []}
        for ratio in RATIOS:
            before, after, groups, group_after, clf = prune(builder, shape, ratio, last_linear)
            om = oracle_models[name]
            assert before["params"] == om["params"]
            assert before["conv_linear_macs"] == om["conv_linear_macs"]
            if "before" not in rec:
                rec["classifier"] = clf
                rec["before"] = before
                rec["groups"] = groups
            else:
                assert rec["before"] == before and rec["groups"] == groups
            if name in oracle.EQUIVALENT:
                # the model rewritten with exactly the modules its .arch describes
                # prunes to the same layers
                eb = oracle.EQUIVALENT[name][1]
                _, eq_after, _, _, _ = prune(eb, shape, ratio, last_linear)
                strip = lambda ls: sorted(tuple((k, str(v)) for k, v in sorted(l.items())
                                                if k != "name") for l in ls)
                assert strip(eq_after["layers"]) == strip(after["layers"])
                assert eq_after["params"] == after["params"]
                assert eq_after["conv_linear_macs"] == after["conv_linear_macs"]
            rec["pruned"].append({"ratio": ratio, "params": after["params"],
                                  "conv_linear_macs": after["conv_linear_macs"],
                                  "output": after["output"], "layers": after["layers"],
                                  "groups": group_after})
            assert after["forward_error"] is None
            print(fmt.format(name, ratio, before["params"], after["params"],
                             before["conv_linear_macs"], after["conv_linear_macs"],
                             "%.2f" % (100.0 * after["params"] / before["params"]),
                             "%.2f" % (100.0 * after["conv_linear_macs"] / before["conv_linear_macs"])))
        models.append(rec)

    cases = []
    for name, arch, shape, builder, *own_ratios in CASES:
        rec = {"name": name, "arch": arch, "input": list(shape), "pruned": []}
        for ratio in (own_ratios[0] if own_ratios else RATIOS):
            before, after, groups, group_after, clf = prune(builder, shape, ratio, last_linear)
            if "step_error" in after:
                rec["before"] = before
                rec["pruned"].append({"ratio": ratio, "step_error": after["step_error"]})
                continue
            if "groups" not in rec:
                rec["classifier"] = clf
                rec["before"] = before
                rec["groups"] = groups
            rec["pruned"].append({"ratio": ratio, "params": after["params"],
                                  "conv_linear_macs": after["conv_linear_macs"],
                                  "output": after["output"], "layers": after["layers"],
                                  "groups": group_after,
                                  "forward_error": after["forward_error"]})
        cases.append(rec)
        last = rec["pruned"][-1]
        print("case", name, [(p["ratio"], p.get("params"), p.get("conv_linear_macs"))
                             for p in rec["pruned"]],
              last.get("forward_error") or last.get("step_error") or "")

    out = {"tools": tools, "call": CALL, "ratios": RATIOS, "models": models,
           "cases": cases}
    with open(os.path.join(HERE, "pruning.json"), "w") as f:
        f.write(dumps(out))
        f.write("\n")


if __name__ == "__main__":
    main()
