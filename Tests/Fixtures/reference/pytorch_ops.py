#!/usr/bin/env python3
"""What PyTorch computes for small single-operation cases, for TissueReference's kernel tests.

Every input, weight and statistic is made by one formula (weights of the transformer cases
divided by 4), exactly representable in float32,
so the Swift tests rebuild the same tensors without reading them from here:

    pattern(n, salt)[i] = (((i * 7919 + salt * 104729) % 257) - 128) / 64

(values in [-2, 2) in steps of 1/64). Batch-norm variances use abs(pattern) + 0.5. Each case
records its settings and PyTorch's output (shape without the batch dimension, values flattened
in NCHW order). Regenerate (needs only torch):

    /tmp/venv/bin/python Tests/Fixtures/reference/pytorch_ops.py

(needs torch and torchvision). The Swift tests read only pytorch_ops.json; CI never needs Python.
"""

import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def pattern(n, salt):
    return torch.tensor([(((i * 7919 + salt * 104729) % 257) - 128) / 64 for i in range(n)], dtype=torch.float32)


def tensor(shape, salt):
    n = 1
    for d in shape:
        n *= d
    return pattern(n, salt).reshape(shape)


def record(out):
    out = out.detach()[0] if out.dim() > 1 else out.detach()
    return {"shape": list(out.shape), "values": [float(v) for v in out.reshape(-1)]}


def conv_cases():
    cases = []
    for (cin, cout, h, w, k, s, p, d, g, bias) in [
        (3, 4, 7, 6, (3, 3), (1, 1), (1, 1), (1, 1), 1, True),
        (4, 6, 9, 8, (3, 2), (2, 1), (1, 0), (1, 1), 2, False),
        (6, 6, 8, 9, (3, 3), (1, 2), (2, 2), (2, 2), 6, True),     # depthwise, dilated
        (3, 6, 7, 7, (3, 3), (2, 2), (1, 1), (1, 1), 3, False),    # depthwise, multiplier 2
        (5, 3, 6, 5, (1, 1), (1, 1), (0, 0), (1, 1), 1, True),     # 1x1 (direct GEMM path)
        (4, 4, 10, 7, (5, 3), (3, 2), (2, 1), (1, 2), 4, True),
        (8, 4, 5, 5, (1, 1), (2, 2), (0, 0), (1, 1), 2, True),     # strided 1x1, grouped
    ]:
        x = tensor((1, cin, h, w), 1)
        weight = tensor((cout, cin // g, k[0], k[1]), 2)
        b = tensor((cout,), 3) if bias else None
        out = F.conv2d(x, weight, b, stride=s, padding=p, dilation=d, groups=g)
        cases.append({"in": [cin, h, w], "out_channels": cout, "kernel": list(k), "stride": list(s),
                      "padding": list(p), "dilation": list(d), "groups": g, "bias": bias, **record(out)})
    return cases


def pool_cases():
    cases = []
    for (kind, c, h, w, k, s, p, ceil) in [
        ("max", 2, 7, 7, (3, 3), (2, 2), (1, 1), False),
        ("max", 2, 8, 7, (3, 3), (2, 2), (0, 0), True),
        ("max", 1, 13, 13, (3, 3), (2, 2), (0, 0), True),   # SqueezeNet's pools
        ("max", 3, 6, 5, (2, 3), (2, 1), (1, 1), True),
        ("avg", 2, 7, 7, (3, 3), (2, 2), (1, 1), False),
        ("avg", 2, 8, 7, (3, 3), (2, 2), (1, 1), True),     # ceil window past the padding
        ("avg", 1, 5, 5, (2, 2), (2, 2), (0, 0), True),
        ("avg", 3, 6, 9, (3, 2), (3, 2), (1, 1), True),
    ]:
        x = tensor((1, c, h, w), 4)
        f = F.max_pool2d if kind == "max" else F.avg_pool2d
        out = f(x, k, s, p, ceil_mode=ceil)
        cases.append({"kind": kind, "in": [c, h, w], "kernel": list(k), "stride": list(s), "padding": list(p),
                      "ceil": ceil, **record(out)})
    return cases


ACTIVATIONS = {
    "relu": F.relu, "relu6": F.relu6, "leakyrelu": F.leaky_relu, "sigmoid": torch.sigmoid,
    "tanh": torch.tanh, "hswish": F.hardswish, "hsigmoid": F.hardsigmoid, "silu": F.silu, "gelu": F.gelu,
}


def modern_cases():
    """The operations of today's CNNs: normalisations, adaptive pools, mean, broadcasts."""
    ln_in = tensor((1, 6, 3, 4), 17)
    ln_w, ln_b = pattern(6, 18), pattern(6, 19)
    # ConvNeXt's channels-last LayerNorm: permute, normalise over C, permute back.
    layer_norm = F.layer_norm(ln_in.permute(0, 2, 3, 1), (6,), ln_w, ln_b, eps=1e-6).permute(0, 3, 1, 2)
    layer_norm_5 = F.layer_norm(ln_in.permute(0, 2, 3, 1), (6,), ln_w, ln_b, eps=1e-5).permute(0, 3, 1, 2)
    group_norms = []
    for (c, h, w, g) in [(8, 3, 3, 1), (8, 3, 3, 2), (8, 2, 5, 4), (6, 4, 4, 6)]:
        x = tensor((1, c, h, w), 20)
        group_norms.append({"in": [c, h, w], "groups": g,
                            **record(F.group_norm(x, g, pattern(c, 21), pattern(c, 22), eps=1e-5))})
    adaptive = []
    for (c, h, w, oh, ow) in [(2, 8, 8, 2, 2), (2, 8, 8, 3, 3), (2, 13, 13, 7, 7), (1, 5, 5, 7, 7),
                              (3, 10, 7, 3, 2), (2, 7, 7, 7, 7), (1, 6, 6, 4, 4)]:
        x = tensor((1, c, h, w), 23)
        adaptive.append({"in": [c, h, w], "out": [oh, ow], **record(F.adaptive_avg_pool2d(x, (oh, ow)))})
    mean_in = tensor((1, 5, 3, 4), 24)
    map_in, gate = tensor((1, 4, 3, 2), 25), tensor((1, 4, 1, 1), 26)
    scale = pattern(4, 27).reshape(4, 1, 1)
    return {
        "layer_norm": {"in": [6, 3, 4], "eps": 1e-6, **record(layer_norm)},
        "layer_norm_eps5": {"in": [6, 3, 4], "eps": 1e-5, **record(layer_norm_5)},
        "group_norm": group_norms,
        "adaptive_avg_pool2d_k": adaptive,
        "mean": {"in": [5, 3, 4], **record(mean_in.mean([2, 3]))},
        "mul_broadcast": {"in": [4, 3, 2], "gate": [4, 1, 1], **record(map_in * gate)},
        "add_broadcast": {"in": [4, 3, 2], "gate": [4, 1, 1], **record(map_in + gate)},
        "layer_scale": {"in": [4, 3, 2], **record(scale * map_in)},
    }


def transformer_cases():
    """Tokens and attention. Weights are pattern/4 (still exact in float32), inputs pattern."""
    from torchvision.models.swin_transformer import ShiftedWindowAttention, _patch_merging_pad

    def small(n, salt):
        return pattern(n, salt) / 4

    ln_x = tensor((1, 5, 12), 30)
    layer_norm_tokens = record(F.layer_norm(ln_x, (12,), pattern(12, 31), pattern(12, 32), eps=1e-5))
    lin_x = tensor((1, 4, 6), 33)
    linear_tokens = record(F.linear(lin_x, small(30, 34).reshape(5, 6), pattern(5, 35)))

    mha_cases = []
    for (tokens, width, heads, bias) in [(5, 8, 2, True), (6, 12, 3, False)]:
        attn = torch.nn.MultiheadAttention(width, heads, batch_first=True, bias=bias).eval()
        with torch.no_grad():
            attn.in_proj_weight.copy_(small(3 * width * width, 36).reshape(3 * width, width))
            attn.out_proj.weight.copy_(small(width * width, 37).reshape(width, width))
            if bias:
                attn.in_proj_bias.copy_(small(3 * width, 38))
                attn.out_proj.bias.copy_(small(width, 39))
            x = tensor((1, tokens, width), 40)
            out = attn(x, x, x, need_weights=False)[0]
        mha_cases.append({"tokens": tokens, "width": width, "heads": heads, "bias": bias, **record(out)})

    # GPT-2's causal attention: one packed qkv projection, masked scores, softmax, output projection.
    tokens, width, heads = 6, 8, 2
    w_in, b_in = small(3 * width * width, 36).reshape(3 * width, width), small(3 * width, 38)
    w_out, b_out = small(width * width, 37).reshape(width, width), small(width, 39)
    x = tensor((1, tokens, width), 41)
    q, k, v = F.linear(x, w_in, b_in).split(width, dim=2)
    split = lambda t: t.view(1, tokens, heads, width // heads).transpose(1, 2)
    y = F.scaled_dot_product_attention(split(q), split(k), split(v), is_causal=True)
    causal = record(F.linear(y.transpose(1, 2).reshape(1, tokens, width), w_out, b_out))

    window_cases = []
    for (h, w, c, heads, window, shift) in [(8, 8, 8, 2, 4, 0), (8, 8, 8, 2, 4, 2), (6, 6, 8, 2, 4, 2), (7, 7, 8, 2, 7, 3)]:
        module = ShiftedWindowAttention(c, [window, window], [shift, shift], heads).eval()
        with torch.no_grad():
            module.qkv.weight.copy_(small(3 * c * c, 42).reshape(3 * c, c))
            module.qkv.bias.copy_(small(3 * c, 43))
            module.proj.weight.copy_(small(c * c, 44).reshape(c, c))
            module.proj.bias.copy_(small(c, 45))
            table = module.relative_position_bias_table
            table.copy_(small(table.numel(), 46).reshape(table.shape))
            out = module(tensor((1, h, w, c), 47))
        window_cases.append({"in": [h, w, c], "heads": heads, "window": window, "shift": shift, **record(out)})

    merge_in = tensor((1, 5, 6, 3), 48)
    a, b = tensor((1, 2, 3, 4), 49)[0], tensor((1, 4, 5), 50)[0]
    ids = tensor((1, 7), 51)
    vocabulary, embed_width = 10, 4
    id_list = [int(abs(float(v)) * vocabulary) % vocabulary for v in ids.reshape(-1)]
    table = pattern(vocabulary * embed_width, 52).reshape(vocabulary, embed_width)
    return {
        "layer_norm_tokens": {"in": [5, 12], **layer_norm_tokens},
        "linear_tokens": {"in": [4, 6], "out": 5, **linear_tokens},
        "mha": mha_cases,
        "causal_attention": {"tokens": tokens, "width": width, "heads": heads, **causal},
        "window_attention": window_cases,
        "patch_merging": {"in": [5, 6, 3], **record(_patch_merging_pad(merge_in))},
        "matmul_broadcast": {"a": [2, 3, 4], "b": [4, 5], "shape": [2, 3, 5],
                             "values": [float(v) for v in torch.matmul(a, b).reshape(-1)]},
        "embedding": {"in": [7], "vocabulary": vocabulary, "width": embed_width, "ids": id_list,
                      **record(F.embedding(torch.tensor([id_list]), table))},
    }


def main():
    x = tensor((1, 257), 5)
    activations = {name: record(f(x)) for name, f in ACTIVATIONS.items()}

    bn_in = tensor((1, 5, 3, 4), 6)
    gamma, beta, mean = pattern(5, 7), pattern(5, 8), pattern(5, 9)
    var = pattern(5, 10).abs() + 0.5
    batch_norm = record(F.batch_norm(bn_in, mean, var, gamma, beta, training=False, eps=1e-5))

    soft_in = tensor((1, 6, 2, 3), 11)
    softmax = record(F.softmax(soft_in, dim=1))

    sh_in = tensor((1, 6, 2, 2), 12)
    n, c, h, w = sh_in.shape
    shuffled = sh_in.view(n, 3, c // 3, h, w).transpose(1, 2).contiguous().view(n, c, h, w)

    gap_in = tensor((1, 4, 3, 5), 13)
    lin_in, lin_w, lin_b = pattern(37, 14), tensor((11, 37), 15), pattern(11, 16)

    fixture = {
        "torch": torch.__version__,
        "conv2d": conv_cases(),
        "pool2d": pool_cases(),
        "activations": {"in": [257], "salt": 5, "outputs": activations},
        "batch_norm": {"in": [5, 3, 4], **batch_norm},
        "softmax": {"in": [6, 2, 3], **softmax},
        "channel_shuffle": {"in": [6, 2, 2], "groups": 3, **record(shuffled)},
        "adaptive_avg_pool2d": {"in": [4, 3, 5], **record(F.adaptive_avg_pool2d(gap_in, 1))},
        "linear": {"in": 37, "out": 11, **record(F.linear(lin_in, lin_w, lin_b))},
        **modern_cases(),
        **transformer_cases(),
    }
    with open(os.path.join(HERE, "pytorch_ops.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
