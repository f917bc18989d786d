"""Copies the training-memory cases (section A) of an H200 measurement run into h200-training-memory.json.

    python extract.py MEASUREMENTS.jsonl > h200-training-memory.json

The run: transformers' PyTorch modules on one NVIDIA H200 (driver 580.159.04, torch 2.11.0+cu130,
transformers 5.17.0), measured 2026-11-29 by the measurement script of the Abacus project's GPU
reference (its protocol is written into `provenance` below). Each case keeps what the tests use and
nothing else: the config.json fields, the shape, the attention kernel, whether every layer was
recomputed, and the bytes. Values are copied verbatim; only names are shortened.
"""
import json
import sys

PROVENANCE = {
    "device": "NVIDIA H200 (150,109,880,320 B), driver 580.159.04",
    "software": "torch 2.11.0+cu130, transformers 5.17.0, cuDNN 9.19",
    "date": "2026-11-29",
    "model": "AutoModelForCausalLM.from_config(config, dtype=bfloat16) on the GPU: pure bf16 weights, "
             "gradients and activations, no autocast, model.train() (dropout active where the config "
             "has it: gpt2's 0.1, none elsewhere), use_cache=False",
    "step": "one warm-up step leaves the bf16 gradients allocated (zeroed, not None); then "
            "out = model(input_ids=ids, labels=ids); out.loss.backward(); no optimizer step",
    "saved_for_backward": "memory_allocated() after the forward minus before it: every tensor autograd "
                          "saved, the bf16 logits `out` keeps and the loss's fp32 log-softmax",
    "peak": "max_memory_allocated() over the forward and backward minus memory_allocated() before the "
            "forward (weights, gradients and token ids already allocated)",
    "requested": "the same two figures from the allocator's requested_bytes counters: what the "
                 "tensors asked for, before the caching allocator rounds blocks up",
    "attention": "sdpa dispatched to cuDNN's fused attention (stores output and log-sum-exp, no s x s "
                 "matrix); eager materialises the softmax",
    "checkpointing": "model.gradient_checkpointing_enable(use_reentrant=False): every decoder layer is "
                     "recomputed in the backward pass, only its input stays saved",
    "census": "recompute off only: every tensor autograd saved (unique storages, parameters excluded, "
              "the token ids included), from torch.autograd.graph.saved_tensors_hooks, by decoder layer",
}


def main(path):
    cases = []
    for line in open(path):
        r = json.loads(line)
        if r.get("section") != "A" or r.get("status") != "ok":
            continue
        case = {
            "name": r["name"], "hf_config": r["hf_config"], "batch": r["batch"], "sequence": r["seq"],
            "attention": r["attn"], "checkpointing": r["checkpointing"],
            "saved_for_backward": r["saved_for_backward"], "peak": r["peak"],
            "saved_for_backward_requested": r["saved_for_backward_requested"],
            "peak_requested": r["peak_requested"],
            "logits_bytes": r["logits_bytes"], "loss_extra_saved": r["loss_extra_saved"],
        }
        if not r["checkpointing"]:
            case["census_saved_bytes"] = r["hook_saved_bytes"]
            case["census_per_layer"] = r["hook_saved_per_layer"]
            case["census_outside_layers"] = r["hook_saved_outside_layers"]
        cases.append(case)
    json.dump({"provenance": PROVENANCE, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
