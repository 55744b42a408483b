#!/usr/bin/env python3
"""Oracle for tissue: what torchinfo 1.8.0 reports on the transformer models and
single operations of transformers.py (ViT-B/16, Swin-T, the GPT-style decoders,
attention of each kind, linear over tokens, embedding, layer norm, ...).

    /tmp/venv/bin/python Tests/Fixtures/oracle/torchinfo_transformers.py

writes torchinfo_transformers.json next to this script: per case the five integer
fields of torchinfo's ModelStatistics (total_params, total_mult_adds,
total_input, total_output_bytes, total_param_bytes) from
torchinfo.summary(model, input_data=x, verbose=0) with x = transformers.py's
make_input (float32, or int64 token ids), and per leaf-module class what it
added (calls, mult_adds, output_bytes), so a mismatch can be located.
"""

import contextlib
import io
import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
warnings.filterwarnings("ignore")

import torch  # noqa: E402
import torchinfo  # noqa: E402

import transformers as tr  # noqa: E402  (OPS, MODELS, build, make_input)

torch.set_num_threads(1)

MODELS = ("vit_b_16", "swin_t", "gpt-tiny", "gpt-tiny-sdpa", "gpt2-small-t128")
OPS = ("layernorm", "layernorm-4d", "mha", "mha-nobias", "linear-rank3", "linear-rank3-nobias",
       "linear-rank4", "embedding", "patchify", "class-token", "pos-embedding", "cat-tokens",
       "select-token", "swin-attention", "swin-attention-shifted", "swin-patch-merging",
       "vit-encoder-block", "gpt-attention", "gpt-attention-sdpa", "gpt-block", "matmul", "softmax-module")


def measure(model, shape, dtype, vocab):
    x = tr.make_input(shape, dtype, vocab)
    calls = {}

    def hook(mod, inp, out):
        if any(mod.children()):
            return
        rec = calls.setdefault(type(mod).__name__, {"calls": 0})
        rec["calls"] += 1

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad(), contextlib.redirect_stdout(io.StringIO()):
        stats = torchinfo.summary(model, input_data=x, verbose=0)
    for h in handles:
        h.remove()
    by_class = {}
    for layer in stats.summary_list:
        if not layer.is_leaf_layer:
            continue
        rec = by_class.setdefault(layer.class_name, {"calls": 0, "mult_adds": 0, "params": 0})
        rec["calls"] += 1
        rec["mult_adds"] += int(layer.macs)
        rec["params"] += int(layer.num_params)
    return {
        "total_params": int(stats.total_params),
        "trainable_params": int(stats.trainable_params),
        "total_mult_adds": int(stats.total_mult_adds),
        "total_input": int(stats.total_input),
        "total_output_bytes": int(stats.total_output_bytes),
        "total_param_bytes": int(stats.total_param_bytes),
        "by_class": dict(sorted(by_class.items())),
    }


def main():
    torch.set_grad_enabled(False)
    out = {"tools": {"torch": torch.__version__, "torchinfo": torchinfo.__version__}, "models": [], "ops": []}
    fmt = "{:<26} {:>11} {:>14} {:>10} {:>12} {:>12}"
    for name, source, desc, builder, shape, dtype in tr.MODELS:
        if name not in MODELS:
            continue
        model = tr.build(builder)
        vocab = model.wte.num_embeddings if isinstance(model, tr.GPT) else None
        rec = measure(model, shape, dtype, vocab)
        rec.update({"name": name, "model": desc, "input": list(shape), "input_dtype": dtype})
        out["models"].append(rec)
        print(fmt.format(name, rec["total_params"], rec["total_mult_adds"], rec["total_input"],
                         rec["total_output_bytes"], rec["total_param_bytes"]), flush=True)
    for name, code, shape, dtype, builder in tr.OPS:
        if name not in OPS:
            continue
        model = tr.build(builder)
        vocab = 100 if dtype == "int64" else None
        rec = measure(model, shape, dtype, vocab)
        rec.update({"name": name, "code": code, "input": list(shape), "input_dtype": dtype})
        out["ops"].append(rec)
        print(fmt.format(name, rec["total_params"], rec["total_mult_adds"], rec["total_input"],
                         rec["total_output_bytes"], rec["total_param_bytes"]), flush=True)
    with open(os.path.join(HERE, "torchinfo_transformers.json"), "w") as f:
        json.dump(out, f, sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
