"""Ground truth for POST /v1/scaling, from pycls's own model scaler.

pycls's scaler (pycls/models/scaler.py, "Fast and Accurate Model Scaling", Dollár et al. 2021) is not
in any pycls release on PyPI (the newest, 0.1.1, predates it): it needs a checkout of the
facebookresearch/pycls repository (with torch, numpy, yacs and simplejson installed). Put the checkout
first on the path and give its configs/ folder:

    PYTHONPATH=/path/to/pycls python generate_pycls_scaling.py /path/to/pycls/configs > pycls_scaling.json

For each base model, strategy and flops multiplier s, the script loads the base config, sets
MODEL.SCALING_TYPE and MODEL.SCALING_FACTOR, runs scaler.scale_model() (which converts a RegNet to
AnyNet stages first, then rounds depths, widths, group widths and the image size), and records the
scaled stages with pycls.core.net.complexity of the scaled model (flops = multiply-adds plus bias
additions, params, acts), and the same for the base model.

Strategies are named as Abacus names them; SCALING_TYPE spells each for pycls with one weight per
dimension ("d1_w1_g1_r0"; for alpha: d (1-alpha)/2, w alpha, r (1-alpha)/2, so that d = s^((1-alpha)/2),
w = s^(alpha/2), r = s^((1-alpha)/4)). With group-width scaling on (the paper's default, and its
fast scaling "d1_w8_g8_r1"), g takes w's weight; off, g's weight is 0.
"""

import json
import os
import sys

import yaml
import pycls.core.builders as builders
import pycls.core.net as net
import pycls.models.scaler as scaler
from pycls.core.config import cfg, reset_cfg

BASES = [
    ("pycls-regnetx-400mf", "dds_baselines/regnetx/RegNetX-400MF_dds_8gpu.yaml"),
    ("pycls-regnety-4.0gf", "dds_baselines/regnety/RegNetY-4.0GF_dds_8gpu.yaml"),
    ("pycls-resnext-50", "dds_baselines/resnext/X-50-32x4d_dds_8gpu.yaml"),
    ("pycls-efficientnet-b0", "dds_baselines/effnet/EN-B0_dds_8gpu.yaml"),
]

STRATEGIES = ["d", "w", "r", "dw", "dr", "wr", "dwr", 0.0, 0.5, 0.8, 1.0]
FACTORS = [0.5, 2, 4, 16]


def scale_type(strategy, scale_groups):
    if isinstance(strategy, float):
        weights = {"d": (1 - strategy) / 2, "w": strategy, "r": (1 - strategy) / 2}
    else:
        weights = {letter: 1.0 if letter in strategy else 0.0 for letter in "dwr"}
    weights["g"] = weights["w"] if scale_groups else 0.0
    return "_".join(f"{letter}{weights[letter]!r}" for letter in "dwgr")


def load(path):
    reset_cfg()
    cfg.merge_from_file(path)


def stages():
    if cfg.MODEL.TYPE == "anynet":
        an = cfg.ANYNET
        return {"stem_type": an.STEM_TYPE, "stem_w": an.STEM_W, "block_type": an.BLOCK_TYPE, "depths": an.DEPTHS,
                "widths": an.WIDTHS, "strides": an.STRIDES, "bot_muls": an.BOT_MULS, "group_ws": an.GROUP_WS,
                "head_w": an.HEAD_W, "se_r": an.SE_R if an.SE_ON else 0.0, "im_size": cfg.TRAIN.IM_SIZE}
    en = cfg.EN
    return {"stem_w": en.STEM_W, "depths": en.DEPTHS, "widths": en.WIDTHS, "exp_ratios": en.EXP_RATIOS,
            "strides": en.STRIDES, "kernels": en.KERNELS, "head_w": en.HEAD_W, "se_r": en.SE_R,
            "im_size": cfg.TRAIN.IM_SIZE}


def complexity():
    return net.complexity(builders.get_model())


def main():
    configs = sys.argv[1]
    bases = []
    for name, path in BASES:
        load(os.path.join(configs, path))
        base = {"name": name, "config": path, "complexity": complexity(), "cases": []}
        for strategy in STRATEGIES:
            for scale_groups in (True, False):
                for factor in FACTORS:
                    load(os.path.join(configs, path))
                    cfg.MODEL.SCALING_TYPE = scale_type(strategy, scale_groups)
                    cfg.MODEL.SCALING_FACTOR = float(factor)
                    d, w, g, r = scaler.scaling_factors(cfg.MODEL.SCALING_TYPE, cfg.MODEL.SCALING_FACTOR)
                    scaler.scale_model()
                    key = {"alpha": strategy} if isinstance(strategy, float) else {"strategy": strategy}
                    base["cases"].append({**key, "scale_group_width": scale_groups, "flops_multiplier": factor,
                                          "scaling_type": cfg.MODEL.SCALING_TYPE,
                                          "factors": {"d": d, "w": w, "g": g, "r": r},
                                          "stages": stages(), "complexity": complexity()})
        load(os.path.join(configs, path))
        if cfg.MODEL.TYPE == "regnet":
            import pycls.models.regnet as regnet
            regnet.regnet_cfg_to_anynet_cfg()
        base["stages"] = stages()
        bases.append(base)
    document = {
        "about": ("pycls's model scaler (pycls/models/scaler.py of facebookresearch/pycls) on model-zoo configs, "
                  "with pycls.core.net.complexity of every scaled model (flops = multiply-adds plus bias "
                  "additions, params, acts). Written by generate_pycls_scaling.py."),
        "bases": bases,
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
