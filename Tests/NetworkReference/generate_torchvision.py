"""Ground truth for the torchvision presets and for hand-written network specs, from torchvision itself.

Run with torch 2.15 and torchvision 0.29.2 (outside the repository, e.g. in a venv):

    python generate_torchvision.py > torchvision.json

Every model is built by torchvision.models.get_model on the meta device (no weights, no memory) and
run once on a meta tensor of batch 1. For each case the script records:
- parameters: sum of numel over model.parameters() (a parameter used twice counts once);
- macs: torch.utils.flop_counter.FlopCounterMode's total / 2. FlopCounterMode counts 2 FLOPs per
  multiply-accumulate of convolutions (aten.convolution), matrix products (aten.mm, addmm, bmm) and
  attention (scaled_dot_product_attention); it counts no bias addition, normalisation, activation,
  pooling or other elementwise work. So `macs` is the multiply-accumulates of conv, linear and
  attention matmuls, nothing else;
- conv_linear_pool_outputs: output elements of every Conv2d, ConvTranspose2d, Linear, MaxPool2d and
  AvgPool2d module call (forward hooks), pycls's "activations" (adaptive pooling adds none). Absent
  for models whose attention runs inside nn.MultiheadAttention, whose matmul outputs no hook sees.
Presets use the input size of torchvision's DEFAULT weights (their transforms' crop size); the
"extra" cases use other sizes and constructor arguments.

The "specs" section builds each network spec of SPECS (the layout Abacus reads at POST /v1/network)
with torch modules, layer by layer, and records the same totals and every layer's output shape
(per sample, batch dimension dropped).
"""

import json
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torch.utils.flop_counter import FlopCounterMode
from torchvision.models.vision_transformer import EncoderBlock
from torchvision.ops import SqueezeExcitation

PRESETS = [
    "alexnet",
    "vgg11", "vgg11_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "wide_resnet50_2",
    "densenet121",
    "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
    "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
    "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
    "regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf",
    "regnet_x_16gf", "regnet_x_32gf",
    "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf", "regnet_y_3_2gf", "regnet_y_8gf",
    "regnet_y_16gf", "regnet_y_32gf", "regnet_y_128gf",
    "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
    "squeezenet1_0", "squeezenet1_1",
    "convnext_tiny",
    "vit_b_16",
]

# Other input sizes (and, for ViT, the image size it is built for): (preset, input [C, H, W], kwargs).
EXTRA = [
    ("resnet50", [3, 160, 160], {}),
    ("efficientnet_b0", [3, 256, 320], {}),
    ("mobilenet_v3_large", [3, 193, 211], {}),
    ("squeezenet1_0", [3, 227, 227], {}),
    ("densenet121", [3, 97, 131], {}),
    ("shufflenet_v2_x1_0", [3, 320, 320], {}),
    ("convnext_tiny", [3, 288, 256], {}),
    ("vit_b_16", [3, 384, 384], {"image_size": 384}),
]

POOLS = (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.MaxPool2d, nn.AvgPool2d)


def measure(model, shape):
    """Parameters, MACs and pycls-style activations of one forward pass at batch 1."""
    outputs = []
    hooks = [m.register_forward_hook(lambda _m, _i, out: outputs.append(out.numel()))
             for m in model.modules() if isinstance(m, POOLS)]
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        model(torch.empty([1] + shape, device="meta"))
    for hook in hooks:
        hook.remove()
    flops = counter.get_total_flops()
    assert flops % 2 == 0
    uses_attention = any(isinstance(m, nn.MultiheadAttention) for m in model.modules())
    result = {
        "parameters": sum(p.numel() for p in model.parameters()),
        "macs": flops // 2,
    }
    if not uses_attention:
        result["conv_linear_pool_outputs"] = sum(outputs)
    return result


def regnet_widths_on_cpu():
    """torchvision computes RegNet stage widths with tensors, which hold no data on the meta device:
    that one step runs on the CPU (it creates no parameters)."""
    block_params = torchvision.models.regnet.BlockParams
    compute = block_params.from_init_params.__func__

    def on_cpu(cls, *args, **kwargs):
        with torch.device("cpu"):
            return compute(cls, *args, **kwargs)

    block_params.from_init_params = classmethod(on_cpu)


def preset_case(name, shape=None, kwargs=None):
    if shape is None:
        shape = [3] + list(torchvision.models.get_model_weights(name).DEFAULT.transforms().crop_size) * 2
        shape = shape[:3]
    with torch.device("meta"):
        model = torchvision.models.get_model(name, **(kwargs or {}))
    model.eval()
    return {"name": name, "input": shape, **({"kwargs": kwargs} if kwargs else {}), **measure(model, shape)}


# ---------------------------------------------------------------------------------------------
# Network specs, built with torch modules.


def pair(value):
    return list(value) if isinstance(value, list) else [value, value]


class SpecNetwork(nn.Module):
    """Runs a spec's layers in order; each layer reads the outputs its `inputs` name. Modules are
    made on first use, when the shape of their input is known (as Abacus infers it)."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.steps = nn.ModuleDict()
        self.extras = nn.ParameterDict()
        self.modules_by_name = {}

    def module(self, layer, shape):
        name = layer["name"]
        if name not in self.modules_by_name:
            owner = layer.get("shares_weights_with")
            module = self.modules_by_name[owner] if owner else self.make(layer, shape)
            if module is not None and not owner:
                self.steps[name] = module.eval()
            self.modules_by_name[name] = module
        return self.modules_by_name[name]

    def make(self, layer, shape):
        kind = layer["type"]
        if kind == "conv2d":
            return nn.Conv2d(shape[0], layer["out_channels"], pair(layer["kernel_size"]),
                             stride=pair(layer.get("stride", 1)), padding=0,
                             dilation=pair(layer.get("dilation", 1)), groups=layer.get("groups", 1),
                             bias=layer.get("bias", True))
        if kind == "conv_transpose2d":
            return nn.ConvTranspose2d(shape[0], layer["out_channels"], pair(layer["kernel_size"]),
                                      stride=pair(layer.get("stride", 1)), padding=pair(layer.get("padding", 0)),
                                      output_padding=pair(layer.get("output_padding", 0)),
                                      dilation=pair(layer.get("dilation", 1)), groups=layer.get("groups", 1),
                                      bias=layer.get("bias", True))
        if kind == "linear":
            return nn.Linear(shape[-1], layer["out_features"], bias=layer.get("bias", True))
        if kind == "batch_norm":
            return (nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d)(shape[0], affine=layer.get("affine", True))
        if kind == "layer_norm":
            normalized = layer.get("normalized_shape", shape[-1:])
            return nn.LayerNorm(normalized, elementwise_affine=layer.get("elementwise_affine", True),
                                bias=layer.get("bias", True))
        if kind == "group_norm":
            return nn.GroupNorm(layer["num_groups"], shape[0], affine=layer.get("affine", True))
        if kind == "squeeze_excite":
            activation = {"relu": nn.ReLU, "silu": nn.SiLU}[layer.get("activation", "relu")]
            gate = {"sigmoid": nn.Sigmoid, "hardsigmoid": nn.Hardsigmoid}[layer.get("gate", "sigmoid")]
            return SqueezeExcitation(shape[0], layer["squeeze_channels"], activation, gate)
        if kind == "layer_scale":
            self.extras[layer["name"]] = nn.Parameter(torch.empty([shape[0]] + [1] * (len(shape) - 1)))
            return None
        if kind == "patch_embedding":
            patch, width = layer["patch_size"], layer["hidden_dim"]
            module = nn.Module()
            module.conv = nn.Conv2d(shape[0], width, patch, stride=patch, bias=layer.get("bias", True))
            tokens = (shape[1] // patch) * (shape[2] // patch)
            if layer.get("class_token", True):
                module.class_token = nn.Parameter(torch.empty(1, 1, width))
                tokens += 1
            if layer.get("position_embedding", True):
                module.position = nn.Parameter(torch.empty(1, tokens, width))
            return module
        if kind == "multi_head_attention":
            return nn.MultiheadAttention(shape[-1], layer["num_heads"], bias=layer.get("bias", True), batch_first=True)
        if kind == "transformer_block":
            return EncoderBlock(layer["num_heads"], shape[-1], layer["mlp_dim"], 0.0, 0.0)
        return None

    def forward(self, x):
        values = {"input": x}
        previous = "input"
        self.output_shapes = {}
        for layer in self.spec["layers"]:
            names = layer.get("inputs") or [previous]
            inputs = [values[n] for n in names]
            module = self.module(layer, list(inputs[0].shape[1:]))
            values[layer["name"]] = self.apply(layer, module, inputs)
            self.output_shapes[layer["name"]] = list(values[layer["name"]].shape[1:])
            previous = layer["name"]
        return values[previous]

    def apply(self, layer, module, inputs):
        kind, x = layer["type"], inputs[0]
        dim = lambda d: d + 1 if d >= 0 else d  # per-sample dimension to batched
        if kind == "conv2d":
            padding = layer.get("padding", 0)
            if isinstance(padding, list) and len(padding) == 4:  # top, left, bottom, right
                x = F.pad(x, [padding[1], padding[3], padding[0], padding[2]])
            else:
                h, w = pair(padding)
                x = F.pad(x, [w, w, h, h])
            return module(x)
        if kind in ("conv_transpose2d", "linear", "batch_norm", "layer_norm", "group_norm", "squeeze_excite"):
            return module(x)
        activations = {"relu": F.relu, "relu6": F.relu6, "gelu": F.gelu, "silu": F.silu, "sigmoid": torch.sigmoid,
                       "tanh": torch.tanh, "hardswish": F.hardswish, "hardsigmoid": F.hardsigmoid,
                       "leaky_relu": F.leaky_relu, "elu": F.elu, "mish": F.mish, "hardtanh": F.hardtanh,
                       "softmax": lambda t: F.softmax(t, dim=-1)}
        if kind in activations:
            return activations[kind](x)
        if kind in ("max_pool2d", "avg_pool2d"):
            kernel = pair(layer["kernel_size"])
            stride = pair(layer.get("stride", layer["kernel_size"]))
            padding = pair(layer.get("padding", 0))
            ceil = layer.get("ceil_mode", False)
            if kind == "max_pool2d":
                return F.max_pool2d(x, kernel, stride, padding, pair(layer.get("dilation", 1)), ceil)
            return F.avg_pool2d(x, kernel, stride, padding, ceil)
        if kind == "adaptive_avg_pool2d":
            return F.adaptive_avg_pool2d(x, pair(layer["output_size"]))
        if kind == "adaptive_max_pool2d":
            return F.adaptive_max_pool2d(x, pair(layer["output_size"]))
        if kind == "add":
            return sum(inputs[1:], inputs[0])
        if kind == "multiply":
            out = inputs[0]
            for other in inputs[1:]:
                out = out * other
            return out
        if kind == "concat":
            return torch.cat(inputs, dim(layer.get("dim", 0)))
        if kind == "flatten":
            return torch.flatten(x, dim(layer.get("start_dim", 0)))
        if kind == "reshape":
            return x.reshape([x.shape[0]] + layer["shape"])
        if kind == "permute":
            return x.permute([0] + [dim(d) for d in layer["dims"]])
        if kind == "slice":
            return x.narrow(dim(layer["dim"]), layer["start"], layer["end"] - layer["start"])
        if kind == "select":
            return x.select(dim(layer["dim"]), layer["index"])
        if kind == "channel_shuffle":
            return F.channel_shuffle(x, layer["groups"]) if x.device.type != "meta" else \
                x.reshape(x.shape[0], layer["groups"], -1, *x.shape[2:]).transpose(1, 2).reshape(x.shape)
        if kind == "dropout":
            return x
        if kind == "layer_scale":
            return x * self.extras[layer["name"]]
        if kind == "patch_embedding":
            out = module.conv(x).flatten(2).transpose(1, 2)
            if hasattr(module, "class_token"):
                out = torch.cat([module.class_token.expand(x.shape[0], -1, -1), out], dim=1)
            if hasattr(module, "position"):
                out = out + module.position
            return out
        if kind == "multi_head_attention":
            return module(x, x, x, need_weights=False)[0]
        if kind == "transformer_block":
            return module(x)
        raise ValueError(kind)


SPECS = [
    ("convolutions", {"input": [6, 33, 29], "layers": [
        {"name": "asymmetric", "type": "conv2d", "out_channels": 12, "kernel_size": [3, 5], "stride": [2, 1],
         "padding": [1, 2, 0, 1], "bias": False},
        {"name": "dilated", "type": "conv2d", "out_channels": 8, "kernel_size": 3, "dilation": 2, "padding": 2,
         "groups": 4},
        {"name": "strided", "type": "conv2d", "out_channels": 16, "kernel_size": [1, 7], "stride": 3,
         "padding": [0, 3]},
        {"name": "depthwise", "type": "conv2d", "out_channels": 16, "kernel_size": 3, "groups": 16, "padding": 1,
         "bias": False},
    ]}),
    ("transposed", {"input": [8, 7, 9], "layers": [
        {"name": "up", "type": "conv_transpose2d", "out_channels": 6, "kernel_size": 3, "stride": 2, "padding": 1,
         "output_padding": 1},
        {"name": "grouped", "type": "conv_transpose2d", "out_channels": 4, "kernel_size": [4, 3], "stride": [2, 3],
         "padding": [1, 0], "output_padding": [0, 2], "groups": 2, "bias": False},
        {"name": "dilated", "type": "conv_transpose2d", "out_channels": 5, "kernel_size": 3, "dilation": 2,
         "stride": 1},
    ]}),
    ("norms_and_pools", {"input": [16, 31, 26], "layers": [
        {"name": "bn", "type": "batch_norm"},
        {"name": "gn", "type": "group_norm", "num_groups": 4},
        {"name": "ln", "type": "layer_norm", "normalized_shape": [31, 26]},
        {"name": "relu", "type": "relu"},
        {"name": "maxceil", "type": "max_pool2d", "kernel_size": 3, "stride": 2, "ceil_mode": True},
        {"name": "avgpad", "type": "avg_pool2d", "kernel_size": 3, "stride": 2, "padding": 1},
        {"name": "maxdilated", "type": "max_pool2d", "kernel_size": 2, "stride": 1, "dilation": 2, "padding": 1},
        {"name": "avgceil", "type": "avg_pool2d", "kernel_size": 2, "ceil_mode": True},
        {"name": "adaptive", "type": "adaptive_avg_pool2d", "output_size": [3, 5]},
        {"name": "adaptivemax", "type": "adaptive_max_pool2d", "output_size": 2, "inputs": ["avgceil"]},
        {"name": "flat", "type": "flatten"},
        {"name": "bn1d", "type": "batch_norm", "affine": False},
        {"name": "fc", "type": "linear", "out_features": 10},
        {"name": "noaffine", "type": "layer_norm", "elementwise_affine": False},
        {"name": "nobias", "type": "layer_norm", "bias": False},
        {"name": "softmax", "type": "softmax"},
    ]}),
    ("branches", {"input": [8, 14, 14], "layers": [
        {"name": "a", "type": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1, "bias": False},
        {"name": "se", "type": "squeeze_excite", "squeeze_channels": 3, "activation": "silu"},
        {"name": "scale", "type": "adaptive_avg_pool2d", "output_size": 1, "inputs": ["input"]},
        {"name": "gated", "type": "multiply", "inputs": ["se", "scale"]},
        {"name": "sum", "type": "add", "inputs": ["gated", "input", "a"]},
        {"name": "bias", "type": "add", "inputs": ["sum", "scale"]},
        {"name": "cat", "type": "concat", "inputs": ["bias", "a", "input"]},
        {"name": "widecat", "type": "concat", "dim": 2, "inputs": ["cat", "cat"]},
        {"name": "left", "type": "slice", "dim": 0, "start": 0, "end": 12},
        {"name": "right", "type": "slice", "dim": -3, "start": 12, "end": 24, "inputs": ["widecat"]},
        {"name": "pair", "type": "concat", "inputs": ["right", "left"]},
        {"name": "shuffle", "type": "channel_shuffle", "groups": 3},
        {"name": "hard_se", "type": "squeeze_excite", "squeeze_channels": 8, "gate": "hardsigmoid"},
        {"name": "scaled", "type": "layer_scale"},
        {"name": "drop", "type": "dropout", "p": 0.3},
        {"name": "swap", "type": "permute", "dims": [1, 2, 0]},
        {"name": "lin", "type": "linear", "out_features": 5},
        {"name": "row", "type": "select", "dim": 0, "index": 3},
        {"name": "grid", "type": "reshape", "shape": [-1, 7]},
        {"name": "act", "type": "hardswish"},
    ]}),
    ("shared_weights", {"input": [4, 10, 10], "layers": [
        {"name": "conv", "type": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1},
        {"name": "relu", "type": "relu"},
        {"name": "conv_again", "type": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1,
         "shares_weights_with": "conv"},
        {"name": "fc", "type": "linear", "out_features": 10},
        {"name": "fc_again", "type": "linear", "out_features": 10, "shares_weights_with": "fc"},
    ]}),
    ("tiny_vit", {"input": [3, 64, 48], "layers": [
        {"name": "patches", "type": "patch_embedding", "patch_size": 16, "hidden_dim": 64},
        {"name": "block1", "type": "transformer_block", "num_heads": 4, "mlp_dim": 128},
        {"name": "block2", "type": "transformer_block", "num_heads": 8, "mlp_dim": 96},
        {"name": "attention", "type": "multi_head_attention", "num_heads": 2},
        {"name": "plain_attention", "type": "multi_head_attention", "num_heads": 4, "bias": False},
        {"name": "ln", "type": "layer_norm"},
        {"name": "cls", "type": "select", "dim": 0, "index": 0},
        {"name": "head", "type": "linear", "out_features": 10},
    ]}),
    ("bare_patches", {"input": [3, 70, 50], "layers": [
        {"name": "patches", "type": "patch_embedding", "patch_size": 14, "hidden_dim": 32, "class_token": False,
         "position_embedding": False, "bias": False},
        {"name": "gelu", "type": "gelu"},
        {"name": "tokens", "type": "flatten"},
        {"name": "fc", "type": "linear", "out_features": 3, "bias": False},
    ]}),
]


def spec_case(name, spec):
    network = SpecNetwork(spec)
    counter = FlopCounterMode(display=False)
    with torch.device("meta"), counter, torch.no_grad():
        network(torch.empty([1] + spec["input"], device="meta"))
    flops = counter.get_total_flops()
    assert flops % 2 == 0
    return {
        "name": name,
        "network": spec,
        "parameters": sum(p.numel() for p in network.parameters()),
        "macs": flops // 2,
        "output_shapes": network.output_shapes,
    }


def main():
    regnet_widths_on_cpu()
    document = {
        "about": ("Ground truth from torchvision %s and torch %s on the meta device at batch 1: parameters "
                  "(numel over model.parameters(), shared ones once), macs (FlopCounterMode total / 2: "
                  "conv, linear and attention matmuls; no bias, norm, activation, pooling or elementwise "
                  "work), conv_linear_pool_outputs (output elements of Conv2d, ConvTranspose2d, Linear, "
                  "MaxPool2d and AvgPool2d calls). Written by generate_torchvision.py."
                  % (torchvision.__version__, torch.__version__)),
        "presets": [preset_case(name) for name in PRESETS],
        "extra": [preset_case(name, shape, kwargs) for name, shape, kwargs in EXTRA],
        "specs": [spec_case(name, spec) for name, spec in SPECS],
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
