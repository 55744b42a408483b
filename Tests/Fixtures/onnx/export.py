#!/usr/bin/env python3
"""ONNX fixtures for tissue's ONNX reader.

Exports a set of networks to ONNX with PyTorch's exporters, strips the
floating-point weight data out of the files (so the repository stays small),
and writes onnx.json: for every file, what the graph holds (inputs, outputs,
operator histogram, initializers by kind), what PyTorch and the counting
tools (thop, fvcore, ptflops, torch's FlopCounterMode) say about the model,
and what onnx-tool reports for the file. The Swift tests read only the .onnx
files and onnx.json; CI never runs Python.

Set-up (a virtual environment outside the repository; PyPI only):

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install torch torchvision thop fvcore ptflops \
        onnx onnxruntime onnx-tool onnxscript

Regenerate (from the repository root; nothing is downloaded, every model is
built with weights=None after torch.manual_seed(0), exactly as
Tests/Fixtures/oracle/oracle.py builds it):

    /tmp/venv/bin/python Tests/Fixtures/onnx/export.py [OUT_DIR]

OUT_DIR defaults to this script's folder.

Forms (file name <model>.<form>.onnx):
  bn-kept        TorchScript exporter, eval(), do_constant_folding=False:
                 BatchNorm stays as BatchNormalization nodes (inference form:
                 one output, training_mode=0)
  bn-folded      TorchScript exporter, eval(), defaults (do_constant_folding=True):
                 the exporter folds every BatchNorm into the preceding Conv
  bn-folded.dynamic-batch   as bn-folded, dynamic_axes={input/output: {0: "batch"}}
  bn-kept.training          training=TrainingMode.TRAINING, do_constant_folding=False
  bn-kept.params-as-inputs / bn-folded.params-as-inputs
                 export_params=False: no initializers; every parameter is a
                 graph input with a declared shape
  bn-folded.external-data  the bn-folded export saved the way onnx saves large models:
                 tensors of >= 1024 bytes point into a side file (data_location =
                 EXTERNAL); the side file itself is not committed
  dynamo         torch.onnx.export(..., dynamo=True) (opset 18, see README)
  with-weights   (LeNet-5 only) the full file, weights included
  stripped       (LeNet-5 only) the same export as with-weights, data stripped
All files except with-weights have the data of their floating-point
initializers removed (name, dims and data_type kept; raw_data and the typed
*_data fields cleared). Integer initializers (shape constants) keep their data.
"""

import ast
import collections
import contextlib
import copy
import hashlib
import io
import json
import os
import re
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torchvision

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE_DIR = os.path.join(HERE, "..", "oracle")
sys.path.insert(0, ORACLE_DIR)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import oracle  # noqa: E402  (the builders and the counting-tool wrappers)
    import onnx  # noqa: E402
    import onnx.numpy_helper  # noqa: E402
    import onnxruntime as ort  # noqa: E402
    import onnx_tool  # noqa: E402
    import onnxscript  # noqa: E402
    import thop  # noqa: E402
    import fvcore  # noqa: E402
    import ptflops  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

OPSET = 17          # TorchScript exporter
DYNAMO_OPSET = 18   # the dynamo exporter's lowest opset (17 is converted and fails, see README)

# name, source, builder, input shape without batch
MODELS = [
    ("resnet18", "torchvision", oracle.tv("resnet18"), (3, 224, 224)),
    ("resnet50", "torchvision", oracle.tv("resnet50"), (3, 224, 224)),
    ("mobilenet_v2", "torchvision", oracle.tv("mobilenet_v2"), (3, 224, 224)),
    ("mobilenet_v3_small", "torchvision", oracle.tv("mobilenet_v3_small"), (3, 224, 224)),
    ("efficientnet_b0", "torchvision", oracle.tv("efficientnet_b0"), (3, 224, 224)),
    ("squeezenet1_0", "torchvision", oracle.tv("squeezenet1_0"), (3, 224, 224)),
    ("shufflenet_v2_x1_0", "torchvision", oracle.tv("shufflenet_v2_x1_0"), (3, 224, 224)),
    ("vit_b_16", "torchvision", oracle.tv("vit_b_16"), (3, 224, 224)),
    ("vgg16-cifar10", "oracle.vgg_cifar('VGG16') (Examples/zoo/vgg16-cifar10.arch)",
     lambda: oracle.vgg_cifar("VGG16"), (3, 32, 32)),
    ("resnet18-stacked-cifar10",
     "oracle.resnet18_stacked_cifar10 (Examples/stacked/resnet18-stacked-cifar10.arch)",
     oracle.resnet18_stacked_cifar10, (3, 32, 32)),
    ("lenet-hybrid", "oracle.lenet_hybrid (Examples/stacked/lenet-hybrid.arch)",
     oracle.lenet_hybrid, (1, 28, 28)),
    ("lenet5", "oracle.lenet5 (Examples/zoo/lenet5.arch)", oracle.lenet5, (1, 28, 28)),
]

# Which nodes lists go into onnx.json (every node with its attributes).
NODE_LISTS = {"resnet18.bn-kept.onnx", "resnet18.bn-folded.onnx", "resnet18.dynamo.onnx",
              "resnet18.bn-folded.dynamic-batch.onnx", "lenet-hybrid.bn-kept.onnx",
              "lenet5.with-weights.onnx"}

FLOAT_TYPES = {onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16, onnx.TensorProto.DOUBLE,
               onnx.TensorProto.BFLOAT16}
INT_TYPES = {onnx.TensorProto.INT64, onnx.TensorProto.INT32, onnx.TensorProto.INT8,
             onnx.TensorProto.UINT8, onnx.TensorProto.INT16, onnx.TensorProto.BOOL}
STRIP_NOTE = ("tissue fixture: data of floating-point initializers removed by "
              "Tests/Fixtures/onnx/export.py (name, dims, data_type kept)")


def _version(dist):
    from importlib.metadata import version
    return version(dist)


# ---------------------------------------------------------------------------
# PyTorch side
# ---------------------------------------------------------------------------

def mha_macs(model, x):
    """MACs inside nn.MultiheadAttention, which the Linear hooks cannot see:
    MHA calls F.linear with in_proj_weight and out_proj.weight directly."""
    proj = [0]
    attn = [0]

    def hook(m, inp, out):
        q = inp[0]
        if m.batch_first:
            n, seq, e = q.shape
        else:
            seq, n, e = q.shape
        proj[0] += n * seq * e * 3 * e      # q, k, v projections (in_proj)
        proj[0] += n * seq * e * e          # out_proj
        attn[0] += n * seq * seq * e        # Q @ K^T: heads * seq * seq * head_dim
        attn[0] += n * seq * seq * e        # softmax(..) @ V
    m = copy.deepcopy(model)
    hs = [mod.register_forward_hook(hook) for mod in m.modules()
          if isinstance(mod, nn.MultiheadAttention)]
    with torch.no_grad():
        m(x)
    for h in hs:
        h.remove()
    return proj[0], attn[0], len(hs)


def flop_counter(model, x):
    m = copy.deepcopy(model)
    mode = FlopCounterMode(display=False)
    with mode:   # grad mode is the caller's
        m(x)
    counts = mode.get_flop_counts().get("Global", {})
    per_op = {str(k).split(".")[1] if "." in str(k) else str(k): int(v) // 2
              for k, v in counts.items()}
    return mode.get_total_flops() // 2, dict(sorted(per_op.items()))


def pytorch_numbers(name, model, shape):
    x = oracle.make_input(shape)
    rec = {}
    output, clm, layers = oracle.conv_linear_and_layers(model, x)
    rec["output"] = output
    rec["params"] = int(sum(p.numel() for p in model.parameters()))
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    rec["bn_modules"] = len(bns)
    rec["bn_params"] = int(sum(m.weight.numel() + m.bias.numel() for m in bns))
    rec["bn_buffers_mean_var"] = int(sum(m.running_mean.numel() + m.running_var.numel()
                                         for m in bns))
    rec["conv_modules"] = sum(isinstance(m, nn.Conv2d) for m in model.modules())
    rec["linear_modules"] = sum(isinstance(m, nn.Linear) for m in model.modules())
    rec["conv_linear_macs"] = int(clm)
    proj, attn, n_mha = mha_macs(model, x)
    if n_mha:
        rec["mha_modules"] = n_mha
        rec["mha_projection_macs"] = int(proj)
        rec["attention_matmul_macs"] = int(attn)
        rec["all_matmul_macs"] = int(clm + proj + attn)
    # Grad mode on: under no_grad nn.MultiheadAttention runs its fused fast path
    # (aten::_native_multi_head_attention), which FlopCounterMode does not count.
    with torch.enable_grad():
        total, per_op = flop_counter(model, x)
    rec["flop_counter_macs"] = int(total)
    rec["flop_counter_macs_by_op"] = per_op
    notes = []
    for key, fn in (("thop_macs", lambda: oracle.run_thop(model, x)),
                    ("fvcore_flops", lambda: oracle.run_fvcore(model, x)),
                    ("ptflops_macs", lambda: oracle.run_ptflops(model, shape))):
        try:
            v = fn()
            if key == "fvcore_flops":
                v, unsupported = v
                rec["fvcore_unsupported_ops"] = unsupported
            rec[key] = v
        except Exception as e:
            rec[key] = None
            notes.append(f"{key}: {type(e).__name__}: {e}")
    if n_mha:
        # The counters above ran under no_grad, as in oracle.py. With grad mode on,
        # MultiheadAttention takes its slow path, which the tools see differently.
        with torch.enable_grad():
            g = {}
            total, _ = flop_counter(model, x)
            g["flop_counter_macs"] = int(total)
            g["thop_macs"] = oracle.run_thop(model, x)
            g["fvcore_flops"], g["fvcore_unsupported_ops"] = oracle.run_fvcore(model, x)
            g["ptflops_macs"] = oracle.run_ptflops(model, shape)
        with torch.no_grad():
            total, _ = flop_counter(model, x)
        g_no = {"flop_counter_macs": int(total)}
        rec["grad_enabled"] = g
        rec["no_grad"] = g_no
    if notes:
        rec["notes"] = notes
    with torch.no_grad():
        y = model(x)
    return rec, x, y


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

def _norm_warning(w):
    msg = str(w.message).strip().splitlines()[0]
    msg = re.sub(r"'[^']*'", "'…'", msg)
    msg = re.sub(r" \(Triggered internally at .*", "", msg)
    return f"{w.category.__name__}: {msg[:200]}"


def export_torchscript(model, x, **kw):
    m = copy.deepcopy(model)   # a TRAINING export runs the model in train mode: BN stats move
    f = io.BytesIO()
    # Grad mode must be on: under no_grad, nn.MultiheadAttention takes its fast path
    # (aten::_native_multi_head_attention), which the TorchScript exporter cannot export.
    with torch.enable_grad(), warnings.catch_warnings(record=True) as ws, \
            contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        torch.onnx.export(m, (x,), f, dynamo=False, opset_version=kw.pop("opset", OPSET),
                          input_names=["input"], output_names=["output"], **kw)
    return onnx.load_from_string(f.getvalue()), dict(collections.Counter(
        _norm_warning(w) for w in ws))


def export_dynamo(model, x):
    m = copy.deepcopy(model)
    out = io.StringIO()
    with torch.enable_grad(), warnings.catch_warnings(record=True) as ws, \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        warnings.simplefilter("always")
        prog = torch.onnx.export(m, (x,), dynamo=True, opset_version=DYNAMO_OPSET,
                                 input_names=["input"], output_names=["output"])
    return prog.model_proto, dict(collections.Counter(_norm_warning(w) for w in ws))


def external_data_form(mp, fname):
    """mp saved the way onnx saves large models: tensors of >= 1024 bytes go to a side
    file (data_location = EXTERNAL, external_data = location/offset/length); smaller ones
    stay inline. Only the .onnx is kept; the side file is not committed."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, fname)
        onnx.save_model(copy.deepcopy(mp), path, save_as_external_data=True,
                        all_tensors_to_one_file=True, location=fname + ".data",
                        size_threshold=1024)
        with open(path, "rb") as f:
            data = f.read()
    return onnx.load_model_from_string(data)


def strip(mp):
    """Copy of mp without the data of floating-point initializers."""
    s = copy.deepcopy(mp)
    n = 0
    for t in s.graph.initializer:
        if t.data_type in FLOAT_TYPES:
            for fld in ("raw_data", "float_data", "double_data", "int32_data"):
                t.ClearField(fld)
            n += 1
    e = s.metadata_props.add()
    e.key, e.value = "tissue.fixture", STRIP_NOTE
    return s, n


# ---------------------------------------------------------------------------
# ONNX side
# ---------------------------------------------------------------------------

def _dims(vi):
    tt = vi.type.tensor_type
    out = []
    for d in tt.shape.dim:
        if d.HasField("dim_value"):
            out.append(int(d.dim_value))
        elif d.HasField("dim_param"):
            out.append(d.dim_param)
        else:
            out.append(None)
    return out


def _value_info(vi):
    return {"name": vi.name,
            "elem_type": onnx.TensorProto.DataType.Name(vi.type.tensor_type.elem_type),
            "shape": _dims(vi)}


def _attr(a):
    t = onnx.AttributeProto.AttributeType.Name(a.type)
    v = onnx.helper.get_attribute_value(a)
    if a.type == onnx.AttributeProto.TENSOR:
        arr = onnx.numpy_helper.to_array(v)
        v = {"data_type": onnx.TensorProto.DataType.Name(v.data_type), "dims": list(v.dims)}
        if arr.size <= 16:
            v["values"] = arr.reshape(-1).tolist()
    elif a.type == onnx.AttributeProto.STRING:
        v = v.decode("utf-8")
    elif a.type == onnx.AttributeProto.STRINGS:
        v = [s.decode("utf-8") for s in v]
    elif a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS):
        v = "<graph>"
    elif a.type == onnx.AttributeProto.FLOATS:
        v = [float(f) for f in v]
    return {"name": a.name, "type": t, "value": v}


def _category(op, slot, t_is_int):
    if t_is_int:
        return "int_constant"
    if op == "Conv":
        return {1: "conv_weight", 2: "conv_bias"}.get(slot, "other_float")
    if op == "Gemm":
        return {1: "gemm_weight", 2: "gemm_bias"}.get(slot, "other_float")
    if op == "MatMul":
        return "matmul_weight"
    if op == "BatchNormalization":
        return {1: "bn_scale_bias", 2: "bn_scale_bias",
                3: "bn_mean_var", 4: "bn_mean_var"}.get(slot, "other_float")
    if op == "LayerNormalization":
        return {1: "layernorm_scale_bias", 2: "layernorm_scale_bias"}.get(slot, "other_float")
    return "other_float"


def tensor_census(g, sources):
    """sources: name -> (dims, data_type) of initializers (or parameter inputs).
    Returns per-unique-tensor and per-use statistics. Identity chains are followed,
    since the exporter replaces tensors with equal values by Identity nodes."""
    alias = {}
    producer = {}
    transposed = 0
    for n in g.node:
        for o in n.output:
            producer[o] = n.op_type
        # Identity: deduplicated initializer; Transpose of a weight (a Linear weight
        # before MatMul when constant folding is off): same elements, other layout
        if n.op_type in ("Identity", "Transpose") and (n.input[0] in sources
                                                       or n.input[0] in alias):
            alias[n.output[0]] = n.input[0]
            transposed += n.op_type == "Transpose"

    def resolve(name):
        while name in alias:
            name = alias[name]
        return name

    def numel(d):
        return int(np.prod(d, dtype=np.int64)) if len(d) else 1

    first_cat = {}
    per_use = collections.Counter()
    per_use_n = collections.Counter()
    uses = collections.Counter()
    other_consumers = collections.Counter()
    for n in g.node:
        if n.output[0] in alias:
            continue
        for slot, i in enumerate(n.input):
            r = resolve(i)
            if r not in sources:
                continue
            dims, dt = sources[r]
            op = n.op_type
            if op == "Add":  # a bias added after a MatMul (Linear on a 3-D input)
                others = [producer.get(j) for j in n.input if j != i]
                cat = "matmul_bias" if "MatMul" in others and dt in FLOAT_TYPES \
                    else _category(op, slot, dt in INT_TYPES)
            else:
                cat = _category(op, slot, dt in INT_TYPES)
            if cat == "other_float":
                other_consumers[f"{op}[{slot}]"] += 1
            first_cat.setdefault(r, cat)
            per_use[cat] += numel(dims)
            per_use_n[cat] += 1
            uses[r] += 1
    by_cat = collections.defaultdict(lambda: {"count": 0, "elements": 0})
    for name, (dims, dt) in sources.items():
        c = first_cat.get(name, "unused")
        by_cat[c]["count"] += 1
        by_cat[c]["elements"] += numel(dims)
    return {
        "count": len(sources),
        "elements": int(sum(numel(d) for d, _ in sources.values())),
        "by_category": dict(sorted(by_cat.items())),
        "per_use_elements": dict(sorted(per_use.items())),
        "per_use_count": dict(sorted(per_use_n.items())),
        "per_use_elements_total_float": int(sum(v for k, v in per_use.items()
                                                if k != "int_constant")),
        "shared": sum(1 for v in uses.values() if v > 1),
        "identity_aliases": len(alias) - transposed,
        "transposed_weights": transposed,
        "other_float_consumers": dict(sorted(other_consumers.items())),
    }


def onnx_tool_numbers(mp, shape, dynamic):
    res = {}
    out = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out):
            warnings.simplefilter("ignore")
            for key, hidden in (("default_hidden_ops", set(onnx_tool.NoMacsOps)),
                                ("all_ops", None)):
                m = onnx_tool.Model(copy.deepcopy(mp), {"verbose": False})
                g = m.graph
                g.graph_reorder_nodes()
                g.shape_infer({"input": np.zeros((1, *shape), np.float32)} if dynamic else None)
                g.profile(exclude_ops=hidden)
                if not g.valid_profile:
                    raise RuntimeError("profile() did not complete")
                by_op = collections.Counter()
                for node in g.nodemap.values():
                    if hidden is None or node.op_type not in hidden:
                        by_op[node.op_type] += int(round(node.macs[0]))
                res[key] = {"macs": int(round(g.macs[0])), "params": int(g.params),
                            "macs_by_op": dict(sorted((k, v) for k, v in by_op.items() if v))}
    except Exception as e:  # record, keep going
        res["error"] = f"{type(e).__name__}: {str(e)[:300]}"
    return res


def onnx_tool_on_stripped(mp):
    out = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out):
            warnings.simplefilter("ignore")
            m = onnx_tool.Model(copy.deepcopy(mp), {"verbose": False})
            g = m.graph
            g.graph_reorder_nodes()
            g.shape_infer()
            g.profile(exclude_ops=set(onnx_tool.NoMacsOps))
            return {"ok": True, "macs": int(round(g.macs[0])), "params": int(g.params)}
    except BaseException as e:
        return {"ok": False, "error": f"{type(e).__name__}: {str(e)[:200]}"}


def ort_check(mp, x, y, batch2=False):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    try:
        s = ort.InferenceSession(mp.SerializeToString(), so, providers=["CPUExecutionProvider"])
        (o,) = s.run(None, {s.get_inputs()[0].name: x.numpy()})
        res = {"ran": True, "output_shape": list(o.shape),
               "matches_torch": bool(np.allclose(o, y.numpy(), rtol=1e-3, atol=1e-4))}
        if batch2:
            (o2,) = s.run(None, {s.get_inputs()[0].name: np.concatenate([x.numpy()] * 2)})
            res["batch2_output_shape"] = list(o2.shape)
        return res
    except Exception as e:
        return {"ran": False, "error": f"{type(e).__name__}: {str(e)[:300]}"}


def checker(mp):
    try:
        onnx.checker.check_model(mp)
        return "ok"
    except Exception as e:
        return f"{type(e).__name__}: {str(e).strip().splitlines()[0][:200]}"


def scope_map(model):
    """TorchScript scope string -> qualified module name. The exporter names a node
    '/' + '/'.join(component of each module from the root down) + '/' + OpType[_k],
    where a module's component is its qualified name cut back to the last non-numeric
    atom (torch.onnx's _unqualified_variable_name: 'layer1.0.conv1' -> 'conv1',
    'layer1.0' -> 'layer1.0', 'features.1.conv.0.0' -> 'conv.0.0')."""
    def unq(q):
        atoms = q.split(".")
        for i in range(len(atoms) - 1, -1, -1):
            if not atoms[i].isnumeric():
                return ".".join(atoms[i:])
        return q
    # Scopes come from module calls: a ModuleList / ModuleDict is never called, so it
    # adds no component ('/3/units.0/units.0.1/Relu' for module '3.units.0.1').
    names = {n for n, m in model.named_modules()
             if not isinstance(m, (nn.ModuleList, nn.ModuleDict))}
    out = {"": ""}
    for q in names:
        if not q:
            continue
        atoms = q.split(".")
        chain = [".".join(atoms[:i]) for i in range(1, len(atoms) + 1)]
        chain = [c for c in chain if c in names]
        out["/" + "/".join(unq(c) for c in chain)] = q
    return out


def module_of(node_name, scopes):
    """(qualified module, call index) for a TorchScript node name, else (None, None).
    A module called more than once gets '_1', '_2', ... on its component for the
    later calls (ResNet's BasicBlock.relu: '/layer1/layer1.0/relu_1/Relu')."""
    if scopes is None or not node_name.startswith("/"):
        return None, None
    scope = node_name.rsplit("/", 1)[0]
    if scope in scopes:
        return scopes[scope], 0
    m = re.fullmatch(r"(.*)_(\d+)", scope)
    if m and m.group(1) in scopes:
        return scopes[m.group(1)], int(m.group(2))
    return None, None


def _bound(mp):
    """Copy of mp with every symbolic input dimension bound to 1."""
    m = copy.deepcopy(mp)
    for vi in m.graph.input:
        for d in vi.type.tensor_type.shape.dim:
            if d.HasField("dim_param"):
                d.dim_value = 1
    return m


def reference_macs(mp):
    """Conv / Gemm / MatMul MACs of the graph in the 'standard' convention (no bias),
    from onnx shape inference (batch bound to 1): Conv out.numel * W.dims[1] * prod(kernel);
    Gemm out.numel * K; MatMul out.numel * K, K = A's last dimension (also for MatMul
    between two activations, as in attention)."""
    inf = onnx.shape_inference.infer_shapes(_bound(mp), data_prop=True)
    shapes = {}
    for vi in list(inf.graph.value_info) + list(inf.graph.input) + list(inf.graph.output):
        shapes[vi.name] = _dims(vi)
    for t in inf.graph.initializer:
        shapes[t.name] = list(t.dims)
    def static(name):
        d = shapes.get(name)
        return d is not None and all(isinstance(v, int) for v in d)

    mm = [n for n in inf.graph.node if n.op_type in ("Conv", "Gemm", "MatMul")]
    need = sorted({t for n in mm for t in (n.output[0], n.input[0], n.input[1])
                   if not static(t)})
    missing = len([n for n in mm if not all(static(t) for t in
                                            (n.output[0], n.input[0], n.input[1]))])
    if need:   # onnx shape inference could not do it: run the model and look
        shapes.update(ort_shapes(mp, need))
    macs = collections.Counter()
    for n in mm:
        out, a, w = shapes[n.output[0]], shapes[n.input[0]], shapes[n.input[1]]
        vol = int(np.prod(out, dtype=np.int64))
        if n.op_type == "Conv":
            k = w[1] * int(np.prod(w[2:], dtype=np.int64))
        elif n.op_type == "Gemm":
            ta = next((x.i for x in n.attribute if x.name == "transA"), 0)
            k = a[0] if ta else a[1]
        else:
            k = a[-1]
        macs[n.op_type] += vol * k
    res = {"by_op": dict(sorted(macs.items())), "total": int(sum(macs.values())),
           "onnx_shape_inference_unresolved_nodes": missing}
    if missing:
        res["shapes_from"] = "onnxruntime (onnx.shape_inference.infer_shapes(data_prop=True) " \
                             "left these nodes without static shapes)"
    return res


def ort_shapes(mp, names):
    """Shapes of the named tensors, by running mp (batch 1, zero inputs) in onnxruntime."""
    m = _bound(mp)
    have = {o.name for o in m.graph.output}
    for nm in names:
        if nm not in have:
            m.graph.output.append(onnx.ValueInfoProto(name=nm))
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.log_severity_level = 3
    sess = ort.InferenceSession(m.SerializeToString(), so, providers=["CPUExecutionProvider"])
    feeds = {i.name: np.zeros([d if isinstance(d, int) else 1 for d in i.shape], np.float32)
             for i in sess.get_inputs()}
    outs = sess.run(names, feeds)
    return {nm: [int(v) for v in o.shape] for nm, o in zip(names, outs)}


def node_list(mp, scopes=None):
    inferred = onnx.shape_inference.infer_shapes(mp)
    shapes = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.output) + \
            list(inferred.graph.input):
        shapes[vi.name] = _dims(vi)
    out = []
    for n in mp.graph.node:
        d = {"name": n.name, "op_type": n.op_type, "domain": n.domain,
             "inputs": list(n.input), "outputs": list(n.output),
             "attributes": [_attr(a) for a in n.attribute],
             "output_shapes": [shapes.get(o) for o in n.output]}
        md = {p.key: p.value for p in n.metadata_props
              if p.key in ("pkg.torch.onnx.name_scopes", "namespace")}
        if md:
            d["metadata_props"] = md
            ns = md.get("pkg.torch.onnx.name_scopes")
            if ns:   # dynamo: a Python list literal; the innermost module is second to last
                ns = ast.literal_eval(ns)
                d["module_path"] = ns[-2] if len(ns) >= 2 else None
        elif scopes is not None:
            d["module_path"], d["module_call"] = module_of(n.name, scopes)
        out.append(d)
    return out


def describe(fname, model_name, form, mp_full, mp_written, x, y, shape, warns, extra=None,
             scopes=None):
    g = mp_full.graph
    init_names = {t.name for t in g.initializer}
    sources = {t.name: (list(t.dims), t.data_type) for t in g.initializer}
    params_as_inputs = form.endswith("params-as-inputs")
    if params_as_inputs:
        for vi in g.input:
            if vi.name != "input":
                sources[vi.name] = (_dims(vi), vi.type.tensor_type.elem_type)
    hist = collections.Counter(n.op_type for n in g.node)
    domains = collections.Counter(n.domain for n in g.node)
    const_elems = []
    for n in g.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.type == onnx.AttributeProto.TENSOR:
                    const_elems.append(int(np.prod(a.t.dims, dtype=np.int64)))
    md_keys = collections.Counter(p.key for n in g.node for p in n.metadata_props)
    data = mp_written.SerializeToString()
    rec = {
        "file": fname, "model": model_name, "form": form,
        "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
        "ir_version": mp_full.ir_version,
        "producer": f"{mp_full.producer_name} {mp_full.producer_version}",
        "opset_import": {(o.domain or "ai.onnx"): o.version for o in mp_full.opset_import},
        "opset": next(o.version for o in mp_full.opset_import if o.domain in ("", "ai.onnx")),
        "inputs": [dict(_value_info(v), is_initializer=v.name in init_names)
                   for v in g.input if not params_as_inputs or v.name == "input"],
        "graph_inputs_total": len(g.input),
        "outputs": [_value_info(v) for v in g.output],
        "value_info_count": len(g.value_info),
        "node_count": len(g.node),
        "node_domains": dict(sorted((k or "ai.onnx", v) for k, v in domains.items())),
        "op_histogram": dict(sorted(hist.items())),
        "batchnorm_nodes": hist.get("BatchNormalization", 0),
        "constant_nodes": {"count": len(const_elems), "max_elements": max(const_elems, default=0),
                           "total_elements": sum(const_elems)},
        "model_metadata_props": {p.key: p.value for p in mp_written.metadata_props},
        "node_metadata_keys": dict(sorted(md_keys.items())),
        "exporter_warnings": dict(sorted(warns.items())),
        "checker_full": checker(mp_full),
    }
    rec["reference_macs"] = reference_macs(mp_full)
    census = tensor_census(g, sources)
    if params_as_inputs:
        rec["parameter_inputs"] = census
        rec["initializers"] = {"count": len(g.initializer)}
    else:
        rec["initializers"] = census
    if mp_written is not mp_full:
        rec["stripped_initializers"] = sum(
            1 for t in mp_written.graph.initializer
            if t.data_type in FLOAT_TYPES and not t.raw_data and not t.float_data
            and t.data_location != onnx.TensorProto.EXTERNAL)
        rec["checker_written"] = checker(mp_written)
    if params_as_inputs:
        rec["onnx_tool"] = {"note": "not run: parameters are graph inputs without values"}
        rec["onnxruntime"] = {"note": "not run: parameters are graph inputs"}
    else:
        dynamic = any(isinstance(d, str) for v in rec["inputs"] for d in v["shape"])
        rec["onnx_tool"] = onnx_tool_numbers(mp_full, shape, dynamic)
        if mp_written is not mp_full:
            rec["onnx_tool"]["on_written_file"] = onnx_tool_on_stripped(mp_written)
        if form == "bn-kept.training":
            rec["onnxruntime"] = {"note": "not compared: training-mode BatchNormalization "
                                          "normalises with batch statistics"}
        else:
            rec["onnxruntime"] = ort_check(mp_full, x, y, batch2=dynamic)
    if fname in NODE_LISTS:
        rec["nodes"] = node_list(mp_full, scopes)
    if extra:
        rec.update(extra)
    return rec, data


def bn_check(form, hist, bn_modules):
    n = hist.get("BatchNormalization", 0)
    if bn_modules == 0:
        return f"model has no BatchNorm2d; {n} BatchNormalization nodes"
    if form.startswith("bn-kept") or form == "dynamo-unoptimized":
        ok = n == bn_modules
        return f"{'ok' if ok else 'FAILED'}: {n} BatchNormalization nodes for {bn_modules} BatchNorm2d"
    ok = n == 0
    return f"{'ok' if ok else 'FAILED'}: {n} BatchNormalization nodes left (folded into Conv)"


def main():
    oracle._ORIGINAL = oracle._patch_snapshot()
    torch.set_grad_enabled(False)
    tools = {d: _version(d) for d in ("torch", "torchvision", "onnx", "onnxruntime",
                                       "onnx-tool", "onnxscript", "onnx-ir", "protobuf",
                                       "thop", "fvcore", "ptflops", "numpy")}
    models = {}
    files = []
    written = {}
    scopes = {}

    def emit(fname, model_name, form, mp_full, warns, x, y, shape, keep_data=False, extra=None,
             written_form=None):
        if written_form is not None:
            mp_written = written_form
        else:
            mp_written = mp_full if keep_data else strip(mp_full)[0]
        rec, data = describe(fname, model_name, form, mp_full, mp_written, x, y, shape, warns,
                             extra, scopes=scopes[model_name])
        rec["batchnorm_check"] = bn_check(form, rec["op_histogram"],
                                          models[model_name]["bn_modules"])
        files.append(rec)
        written[fname] = data
        print(f"  {fname:<44} {len(data):>9} B  {rec['batchnorm_check']}", flush=True)

    for name, source, builder, shape in MODELS:
        model = oracle.build(builder)
        print(name, flush=True)
        rec, x, y = pytorch_numbers(name, model, shape)
        rec.update({"name": name, "source": source, "input": list(shape)})
        models[name] = rec
        scopes[name] = scope_map(model)

        if name == "lenet5":
            mp, w = export_torchscript(model, x)
            emit("lenet5.with-weights.onnx", name, "with-weights", mp, w, x, y, shape,
                 keep_data=True)
            emit("lenet5.stripped.onnx", name, "stripped", mp, w, x, y, shape)
            continue

        mp, w = export_torchscript(model, x, do_constant_folding=False)
        emit(f"{name}.bn-kept.onnx", name, "bn-kept", mp, w, x, y, shape)
        folded, fw = export_torchscript(model, x)
        emit(f"{name}.bn-folded.onnx", name, "bn-folded", folded, fw, x, y, shape)

        if name == "resnet18":
            dyn = {"input": {0: "batch"}, "output": {0: "batch"}}
            mp, w = export_torchscript(model, x, dynamic_axes=dyn)
            emit("resnet18.bn-folded.dynamic-batch.onnx", name, "bn-folded.dynamic-batch",
                 mp, w, x, y, shape)
            fn = "resnet18.bn-folded.external-data.onnx"
            ext = external_data_form(folded, fn)
            n_ext = sum(1 for t in ext.graph.initializer
                        if t.data_location == onnx.TensorProto.EXTERNAL)
            emit(fn, name, "bn-folded.external-data", folded, fw, x, y, shape, written_form=ext,
                 extra={"external_initializers": n_ext,
                        "inline_initializers": len(ext.graph.initializer) - n_ext,
                        "external_data_file": fn + ".data (not committed)"})
            mp, w = export_torchscript(model, x, training=torch.onnx.TrainingMode.TRAINING,
                                       do_constant_folding=False)
            emit("resnet18.bn-kept.training.onnx", name, "bn-kept.training", mp, w, x, y, shape)
            mp, w = export_torchscript(model, x, do_constant_folding=False, export_params=False)
            emit("resnet18.bn-kept.params-as-inputs.onnx", name, "bn-kept.params-as-inputs",
                 mp, w, x, y, shape)
            mp, w = export_torchscript(model, x, export_params=False)
            emit("resnet18.bn-folded.params-as-inputs.onnx", name,
                 "bn-folded.params-as-inputs", mp, w, x, y, shape)
            mp, w = export_dynamo(model, x)
            ns = sum(1 for n in mp.graph.node
                     if any(p.key == "pkg.torch.onnx.name_scopes" for p in n.metadata_props))
            emit("resnet18.dynamo.onnx", name, "dynamo", mp, w, x, y, shape,
                 extra={"nodes_with_name_scopes": ns,
                        "dynamo_opset_requested": DYNAMO_OPSET})

    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out_dir, exist_ok=True)
    for fname, data in written.items():
        with open(os.path.join(out_dir, fname), "wb") as f:
            f.write(data)
    with open(os.path.join(out_dir, "onnx.json"), "w") as f:
        json.dump({"tools": tools, "opset": OPSET, "models": models, "files": files},
                  f, sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")
    total = sum(len(d) for d in written.values())
    print(f"{len(written)} files, {total} bytes")


if __name__ == "__main__":
    main()
