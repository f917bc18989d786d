"""ONNX exports of torchvision models (and one transposed-convolution model) for ONNXImportTests,
with torch's own counts of what each export computes.

Run with torch 2.15, torchvision 0.29.2, onnx 1.23.2 and onnxscript 0.7 (outside the repository,
e.g. in a venv), from this directory:

    python generate_onnx.py            # writes models/*.onnx and cases.json
    python generate_onnx.py --check    # re-exports and re-measures, compares with the committed files

Each model gets fresh random weights (torch.manual_seed(0), every parameter and buffer drawn from a
normal distribution), so that no two tensors are equal: the exporters merge equal initializers,
which would make layers look as if they shared weights. It is then exported at batch 1 and at the
input size of its torchvision DEFAULT weights, in one or more of these ways ("variant"):

- "unoptimized": torch.onnx.export(model, (x,), path, optimize=False) — the dynamo exporter
  without onnxscript's optimizer, which keeps every BatchNormalization (docs/onnx.md tells users to
  export so to count a network as trained). Expected to equal the Abacus preset in every total.
- "default": torch.onnx.export(model, (x,), path) — what a user gets by default: the optimizer
  folds each BatchNorm into the convolution before it (a bias instead of the norm's scale and
  shift). Expected to equal torch's counts of the same fusion (torch.fx's conv-BN fusion), and
  the preset where the model has no BatchNorm.
- "torchscript": dynamo=False, training=TrainingMode.TRAINING, export_params=False — the older
  exporter; weights become graph inputs (no initializers), BatchNorm stays. Equals the preset.
- "dynamic-batch": as "unoptimized", with the batch dimension dynamic (symbolic in the graph).

The files are kept small: node metadata (source locations) and doc strings are dropped, and every
floating-point initializer loses its data, keeping its name, type and dimensions (only the shapes
of weights count); integer initializers (shapes, axes, indices) keep theirs. No weight values are
committed.

cases.json records for each file: the model, the variant, the preset it should equal (or null), the
input shape (without the batch) and torch's counts of the exported module at batch 1:
- parameters: sum of numel over parameters (for "default", of the conv-BN-fused module);
- macs: FlopCounterMode's total / 2 (convolutions, matrix products, attention; nothing else);
- conv_linear_pool_outputs: output elements of every Conv2d, ConvTranspose2d, Linear, MaxPool2d and
  AvgPool2d call (pycls's activations), absent for models with nn.MultiheadAttention.
"""

import argparse
import contextlib
import io
import json
import os
import sys
import warnings

import onnx
import torch
import torch.nn as nn
import torchvision
from onnx import TensorProto
from torch.fx.experimental.optimization import fuse as fuse_conv_bn, replace_node_module
from torch.nn.utils.fusion import fuse_conv_bn_eval
from torch.utils.flop_counter import FlopCounterMode

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "models")

# (torchvision model, variants)
TORCHVISION = [
    ("resnet18", ["unoptimized", "default", "torchscript", "dynamic-batch"]),
    ("resnet50", ["unoptimized"]),
    ("mobilenet_v2", ["unoptimized", "torchscript"]),
    ("mobilenet_v3_small", ["unoptimized", "default"]),
    ("efficientnet_b0", ["unoptimized", "default"]),
    ("vgg11", ["unoptimized", "default"]),
    ("squeezenet1_1", ["unoptimized", "default"]),
    ("shufflenet_v2_x1_0", ["unoptimized", "default"]),
    ("densenet121", ["unoptimized"]),
    ("convnext_tiny", ["unoptimized", "default"]),
    ("vit_b_16", ["unoptimized", "default"]),
    ("regnet_y_400mf", ["unoptimized", "default"]),
]

COUNTED = (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.MaxPool2d, nn.AvgPool2d)


class Decoder(nn.Module):
    """A small encoder-decoder of our own for transposed convolutions: a stride-2 convolution,
    then transposed convolutions with padding, output padding, groups and dilation, and bias or
    none, as segmentation and generative models use them."""

    def __init__(self):
        super().__init__()
        self.encode = nn.Sequential(
            nn.Conv2d(3, 32, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.ReLU())
        self.decode = nn.Sequential(
            nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1, groups=4), nn.ReLU(),
            nn.ConvTranspose2d(16, 8, 3, stride=1, padding=2, dilation=2), nn.Sigmoid())

    def forward(self, x):
        return self.decode(self.encode(x))


def randomize(model):
    torch.manual_seed(0)
    with torch.no_grad():
        for tensor in list(model.parameters()) + list(model.buffers()):
            if tensor.is_floating_point():
                tensor.copy_(torch.randn_like(tensor).abs() + 0.5 if tensor.dim() == 1 else torch.randn_like(tensor))


def measure(model, shape):
    """torch's counts of one forward pass at batch 1 (see the module docstring)."""
    outputs = []
    hooks = [m.register_forward_hook(lambda _m, _i, out: outputs.append(out.numel()))
             for m in model.modules() if isinstance(m, COUNTED)]
    counter = FlopCounterMode(display=False)
    # With gradients on: under no_grad, nn.MultiheadAttention takes a fused fast path whose work
    # FlopCounterMode does not see.
    with counter:
        model(torch.randn([1] + shape))
    for hook in hooks:
        hook.remove()
    flops = counter.get_total_flops()
    assert flops % 2 == 0
    counts = {"parameters": sum(p.numel() for p in model.parameters()), "macs": flops // 2}
    if not any(isinstance(m, nn.MultiheadAttention) for m in model.modules()):
        counts["conv_linear_pool_outputs"] = sum(outputs)
    return counts


def export(model, shape, variant, path):
    """Exports `model` (in eval mode) as `variant`; returns the module torch's counts are of."""
    x = torch.randn([1] + shape)
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if variant == "unoptimized":
            torch.onnx.export(model, (x,), path, optimize=False)
        elif variant == "default":
            torch.onnx.export(model, (x,), path)
            return fused(model)
        elif variant == "torchscript":
            torch.onnx.export(model, (x,), path, dynamo=False, training=torch.onnx.TrainingMode.TRAINING,
                              export_params=False)
            model.eval()  # TrainingMode.TRAINING leaves the model in training mode
        elif variant == "dynamic-batch":
            batch = torch.export.Dim("batch", min=1, max=1024)
            torch.onnx.export(model, (torch.randn([2] + shape),), path, optimize=False,
                              dynamic_shapes=({0: batch},))
        else:
            raise ValueError(variant)
    return model


def fused(model):
    """The model with every BatchNorm folded into the convolution before it, as onnxscript's
    optimizer folds them: torch.fx's fusion for convolutions, torch's fuse_conv_bn_eval for the
    transposed ones it leaves."""
    model = fuse_conv_bn(model)
    modules = dict(model.named_modules())
    for node in list(model.graph.nodes):
        source = node.args[0] if node.args else None
        if (node.op == "call_module" and isinstance(modules[node.target], nn.BatchNorm2d)
                and isinstance(source, torch.fx.Node) and source.op == "call_module"
                and isinstance(modules[source.target], nn.ConvTranspose2d) and len(source.users) == 1):
            conv = fuse_conv_bn_eval(modules[source.target], modules[node.target], transpose=True)
            replace_node_module(source, modules, conv)
            node.replace_all_uses_with(source)
            model.graph.erase_node(node)
    # A new GraphModule keeps only the modules its graph calls (not the folded norms).
    return torch.fx.GraphModule(model, model.graph)


def strip(path):
    """Drops node metadata, doc strings and floating-point initializer data (dimensions kept);
    integer initializers keep their values, inline."""
    model = onnx.load(path, load_external_data=True)
    for node in model.graph.node:
        del node.metadata_props[:]
        node.doc_string = ""
    del model.metadata_props[:]
    model.graph.doc_string = ""
    for tensor in model.graph.initializer:
        tensor.ClearField("external_data")
        tensor.data_location = TensorProto.DEFAULT
        if tensor.data_type not in (TensorProto.INT64, TensorProto.INT32):
            for field in ("raw_data", "float_data", "double_data"):
                tensor.ClearField(field)
    with open(path, "wb") as file:
        file.write(model.SerializeToString())
    data = path + ".data"
    if os.path.exists(data):
        os.remove(data)


def case(name, variant, model, shape, preset):
    filename = f"{name}.{variant}.onnx"
    path = os.path.join(MODELS, filename)
    counted = export(model, shape, variant, path)
    strip(path)
    return {"file": filename, "model": name, "variant": variant, "preset": preset, "input": shape,
            **measure(counted.eval(), shape)}


def cases():
    result = []
    for name, variants in TORCHVISION:
        crop = torchvision.models.get_model_weights(name).DEFAULT.transforms().crop_size
        shape = [3] + list(crop) * (2 if len(crop) == 1 else 1)
        for variant in variants:
            model = torchvision.models.get_model(name).eval()
            randomize(model)
            result.append(case(name, variant, model, shape, name))
            print(result[-1], file=sys.stderr)
    for variant in ["unoptimized", "default"]:
        model = Decoder().eval()
        randomize(model)
        result.append(case("decoder", variant, model, [3, 64, 64], None))
        print(result[-1], file=sys.stderr)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="compare with the committed cases.json")
    arguments = parser.parse_args()
    os.makedirs(MODELS, exist_ok=True)
    target = os.path.join(HERE, "cases.json")
    if arguments.check:
        committed = json.load(open(target))
        fresh = cases()
        if committed["cases"] != fresh:
            sys.exit("cases.json differs from a fresh export")
        print("cases.json matches", file=sys.stderr)
        return
    document = {"generator": "generate_onnx.py", "torch": torch.__version__.split("+")[0],
                "torchvision": torchvision.__version__.split("+")[0], "onnx": onnx.__version__,
                "cases": cases()}
    with open(target, "w") as file:
        json.dump(document, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
