"""Ground truth for the pycls model-zoo presets, from pycls itself.

Needs pycls 0.1.1 from PyPI (`pip install pycls==0.1.1 yacs simplejson`, with torch) and the model
configs, which the wheel does not ship: pycls downloads them from its repository's configs/ folder
(facebookresearch/pycls on GitHub). Give that folder's path:

    python generate_pycls_zoo.py /path/to/pycls/configs > pycls_zoo.json

For each model, the script loads the config's model fields (MODEL, ANYNET, REGNET, EN, RESNET and
the training image size and dataset; optimiser and data-loading fields are not read) into pycls's
global cfg and records pycls.core.net.complexity of the model pycls builds: `flops` (multiply-adds
of every conv and linear layer plus their bias additions), `params`, and `acts` (output elements of
every conv, linear and max-pool layer), at the config's training image size. It also records the
stages pycls resolves the config to (get_args of the model class), so that a preset can be checked
stage by stage.
"""

import json
import os
import sys

import yaml
import pycls
import pycls.core.builders as builders
import pycls.core.net as net
from pycls.core.config import cfg, reset_cfg

# Preset name → config path under configs/.
MODELS = [(f"pycls-regnetx-{size.lower()}", f"dds_baselines/regnetx/RegNetX-{size}_dds_8gpu.yaml")
          for size in ["200MF", "400MF", "600MF", "800MF", "1.6GF", "3.2GF", "4.0GF", "6.4GF", "8.0GF", "12GF",
                       "16GF", "32GF"]]
MODELS += [(f"pycls-regnety-{size.lower()}", f"dds_baselines/regnety/RegNetY-{size}_dds_8gpu.yaml")
           for size in ["200MF", "400MF", "600MF", "800MF", "1.6GF", "3.2GF", "4.0GF", "6.4GF", "8.0GF", "12GF",
                        "16GF", "32GF"]]
MODELS += [(f"pycls-resnet-{depth}", f"dds_baselines/resnet/R-{depth}-1x64d_dds_8gpu.yaml") for depth in [50, 101, 152]]
MODELS += [(f"pycls-resnext-{depth}", f"dds_baselines/resnext/X-{depth}-32x4d_dds_8gpu.yaml") for depth in [50, 101, 152]]
MODELS += [(f"pycls-efficientnet-b{n}", f"dds_baselines/effnet/EN-B{n}_dds_8gpu.yaml") for n in range(6)]
MODELS += [(f"pycls-cifar-resnet-{depth}", f"archive/cifar/resnet/R-{depth}_nds_1gpu.yaml") for depth in [56, 110]]

# The config sections that describe the model; everything else is training.
MODEL_FIELDS = ("MODEL.", "ANYNET.", "REGNET.", "EN.", "RESNET.", "TRAIN.IM_SIZE", "TRAIN.DATASET")


def flatten(tree, prefix=""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from flatten(value, prefix + key + ".")
        else:
            yield prefix + key, value


def load(path):
    """pycls's cfg with the config's model fields; fields this pycls version lacks are skipped
    (MODEL.ACTIVATION_FUN of the EfficientNet configs: 0.1.1's EfficientNet always uses Swish)."""
    reset_cfg()
    skipped = []
    with open(path) as file:
        for key, value in flatten(yaml.safe_load(file)):
            if not key.startswith(MODEL_FIELDS):
                continue
            *sections, leaf = key.split(".")
            node = cfg
            for section in sections:
                node = node.get(section) if node is not None else None
            if node is None or leaf not in node:
                skipped.append(key)
                continue
            node[leaf] = type(node[leaf])(value) if isinstance(node[leaf], (int, float)) and not isinstance(node[leaf], bool) else value
    return skipped


def stages():
    model = builders.get_model()
    if cfg.MODEL.TYPE in ("anynet", "regnet"):
        args = model.get_args()
        return {key: args[key] for key in ("stem_type", "stem_w", "block_type", "ds", "ws", "ss", "bms", "gws", "se_r", "nc")}
    if cfg.MODEL.TYPE == "effnet":
        return model.get_args()
    return {"depth": cfg.MODEL.DEPTH, "trans_fun": cfg.RESNET.TRANS_FUN, "num_groups": cfg.RESNET.NUM_GROUPS,
            "width_per_group": cfg.RESNET.WIDTH_PER_GROUP, "stride_1x1": cfg.RESNET.STRIDE_1X1,
            "dataset": cfg.TRAIN.DATASET, "nc": cfg.MODEL.NUM_CLASSES}


def main():
    configs = sys.argv[1]
    cases = []
    for name, path in MODELS:
        skipped = load(os.path.join(configs, path))
        complexity = net.complexity(builders.get_model())
        cases.append({"name": name, "config": path, "model_type": cfg.MODEL.TYPE, "im_size": cfg.TRAIN.IM_SIZE,
                      "stages": stages(), **complexity, **({"skipped_fields": skipped} if skipped else {})})
    document = {
        "about": ("pycls %s's own complexity (pycls.core.net.complexity) of the model zoo configs: flops = "
                  "multiply-adds of conv and linear layers plus bias additions; params; acts = output elements of "
                  "conv, linear and max-pool layers; at the config's TRAIN.IM_SIZE. Written by generate_pycls_zoo.py."
                  % getattr(pycls, "__version__", "0.1.1")),
        "models": cases,
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
