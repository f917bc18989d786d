"""Ground truth for Abacus's `framework: "huggingface"` training memory: what transformers' PyTorch
modules keep for the backward pass of `out = model(**batch); out.loss.backward()`, and the highest
allocation of that step, computed on a CPU.

    python training_memory.py > training_memory.json        # every case
    python training_memory.py NAME... > some.json           # only the cases named
    python training_memory.py --check-h200 ../GPUReference/h200-training-memory.json
                                                             # simulate the H200's cases and name every
                                                             # value that differs (exit status 1)

Run with torch 2.15 and transformers 5.24 (outside the repository, e.g. in a venv).

How, without a GPU. Every model is built under torch's FakeTensorMode: tensors carry shapes, dtypes
and storages but no data, so a real-size model costs no memory, and the forward and backward passes
run the same Python modules, the same autograd graph and the same storage lifetimes as on a GPU. Two
things are read off:

- the census: every tensor autograd saves (torch.autograd.graph.saved_tensors_hooks), counted once
  per storage, parameters and the token ids left out, attributed to the decoder layer running when it
  was first saved (else "outside": embeddings, final norm, output head, loss), as the H200's
  measurement script does;
- the allocation: every storage an operator creates is counted from its creation until it is freed
  (a weak reference to the storage), starting after the weights, their gradients (allocated and
  zeroed beforehand, as a second step finds them) and the token ids: `saved` is what is allocated
  when the forward pass returns (the saved tensors, the bf16 logits `out` keeps, the loss's fp32
  log-softmax), `peak` the highest allocation over the forward and backward passes. These are the
  bytes tensors request, before a caching allocator rounds them into blocks.

A CPU and a CUDA device do not run every operator alike, so the fake tensors live on the CPU with
the CUDA kernels' behaviour patched in (`cuda_like`): dropout is the fused kernel that saves a 1-byte
mask; LayerNorm saves fp32 statistics; the causal mask is skipped when the positions are consecutive
and the sequence is no longer than any window (transformers reads the ids and offsets, which fake
tensors do not hold); scaled_dot_product_attention dispatches to cuDNN's fused attention, the kernel
the H200 ran (it keeps q, k, v, the output, fp32 log-sum-exp and two int64 RNG values, no s x s
matrix, and takes grouped key/value heads as they are); the CUDA softmax backward allocates a
temporary `grad * output` the size of its gradient (aten/src/ATen/native/cuda/SoftMax.cu) beside its
output. Kernel workspaces that never become tensors are not seen. Mixture-of-experts blocks run
transformers' `grouped_mm` experts, its default on a GPU that has grouped GEMMs.

`--check-h200` runs the H200's 60 cases this way and compares `saved` and `peak` with the H200's
`saved_for_backward_requested` and `peak_requested` (the allocator's requested bytes): every one is
equal to the byte.

The family cases take each exact family's configs from cases.json beside this script, with the
layers cut to a few (the pattern of layer types kept) so that a case runs in seconds: per-layer bytes
do not depend on the layer count.
"""

import copy
import gc
import json
import os
import sys
import weakref

import torch
import torch.nn.functional as F
import transformers
import transformers.masking_utils as masking
from torch._subclasses.fake_tensor import FakeTensorMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten
from transformers import AutoConfig, AutoModelForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPES = [(1, 256), (2, 512)]

# Families and the cases.json configs that represent them, with the layers each keeps (enough for
# one period of their layer pattern).
FAMILY_CASES = [
    ("gpt2", 2), ("starcoder", 2), ("gpt-bigcode-multi-head", 2), ("opt-125m", 2), ("bloom-560m", 2),
    ("gpt-j-6b", 2), ("pythia-160m", 2), ("gpt-neox-sequential", 2), ("falcon-7b", 2), ("falcon-40b", 2),
    ("falcon-rw-alibi", 2), ("phi-2", 2), ("phi-qk-layernorm", 2),
    ("llama-3-8b", 2), ("llama-biases-head-dim", 2), ("mistral-7b", 2), ("qwen2.5-7b", 2), ("qwen3-8b", 2),
    ("gemma-7b", 2), ("gemma-2-9b", 2), ("gemma-3-1b", 6), ("phi-3-mini", 2),
    ("olmo-2-7b", 2), ("olmo-3-7b", 4), ("granite-3.3-8b", 2), ("smollm3-3b", 4), ("exaone-4.0-1.2b", 4),
    ("hunyuan-7b", 2), ("seed-oss-36b", 2), ("command-r", 2), ("stablelm-2-1.6b", 2),
    ("stablelm-qk-norm-parallel", 2), ("starcoder2-7b", 2),
    ("mixtral-8x7b", 2), ("qwen3-30b-a3b", 2), ("qwen1.5-moe-a2.7b", 2), ("granite-3.1-3b-a800m", 2),
    ("phi-3.5-moe", 2), ("gpt-oss-20b", 2),
]

# The activation functions of transformers' ACT2FN that a spec can name.
ACTIVATIONS = [
    "gelu", "gelu_10", "gelu_fast", "gelu_new", "gelu_python", "gelu_pytorch_tanh", "gelu_python_tanh",
    "gelu_accurate", "hardswish", "laplace", "leaky_relu", "linear", "mish", "quick_gelu", "relu", "relu2",
    "relu6", "sigmoid", "silu", "sqrtsoftplus", "tanh",
]


# ------------------------------------------------------------------------------------------------
# CUDA behaviour on fake CPU tensors
# ------------------------------------------------------------------------------------------------
class _FusedLayerNorm(torch.autograd.Function):
    """What CUDA's layer_norm saves: the input, fp32 mean and rstd per normalised row, the affine
    parameters. (The CPU kernel keeps its statistics in the input's dtype.)"""

    @staticmethod
    def forward(ctx, x, weight, bias, shape, eps):
        rows = x.shape[: x.dim() - len(shape)] + (1,) * len(shape)
        mean = x.new_empty(rows, dtype=torch.float32)
        rstd = x.new_empty(rows, dtype=torch.float32)
        ctx.save_for_backward(x, mean, rstd, weight, bias)
        return torch.empty_like(x)

    @staticmethod
    def backward(ctx, grad):
        x, _, _, weight, bias = ctx.saved_tensors
        return (torch.empty_like(x), None if weight is None else torch.empty_like(weight),
                None if bias is None else torch.empty_like(bias), None, None)


def _layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    return _FusedLayerNorm.apply(input, weight, bias, tuple(normalized_shape), eps)


def _dropout(input, p=0.5, training=True, inplace=False):
    """CUDA's fused dropout: a 1-byte mask (the CPU path multiplies by a mask in the input's dtype)."""
    if not training or p == 0:
        return input
    return torch.native_dropout(input, p, True)[0]


def _cudnn_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                     enable_gqa=False):
    return torch.ops.aten._scaled_dot_product_cudnn_attention(
        query, key, value, attn_mask, True, dropout_p, is_causal, False, scale=scale)[0]


def cuda_like():
    F.layer_norm = _layer_norm
    torch.nn.modules.normalization.F.layer_norm = _layer_norm
    F.dropout = _dropout
    torch.nn.modules.dropout.F.dropout = _dropout
    F.scaled_dot_product_attention = _cudnn_attention
    # Consecutive positions from 0: no packed sequences, no cache offset (the checks read tensor data).
    masking.find_packed_sequence_indices = lambda *args, **kwargs: None
    skip = masking._ignore_causal_mask_sdpa
    masking._ignore_causal_mask_sdpa = (
        lambda padding, q_length, kv_length, q_offset, kv_offset, *rest, **kw:
        skip(None, q_length, kv_length, 0, 0, *rest, **kw))


class Allocation(TorchDispatchMode):
    """Bytes of the storages operators create, from creation until freed; `ignore` holds storages that
    existed before (weights, gradients, ids). The CUDA softmax backward's temporary is added while it
    runs."""

    def __init__(self, ignore):
        super().__init__()
        self.ignore = ignore
        self.live = {}
        self.refs = {}
        self.current = 0
        self.peak = 0

    def _free(self, key):
        self.current -= self.live.pop(key, 0)
        self.refs.pop(key, None)

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_flatten(out)[0]:
            if isinstance(t, torch.Tensor):
                storage = t.untyped_storage()
                key = storage._cdata
                if key not in self.live and key not in self.ignore:
                    self.live[key] = storage.nbytes()
                    self.current += storage.nbytes()
                    self.refs[key] = weakref.ref(storage, lambda _, key=key: self._free(key))
        temporary = args[0].untyped_storage().nbytes() if func is torch.ops.aten._softmax_backward_data.default else 0
        self.peak = max(self.peak, self.current + temporary)
        return out


# ------------------------------------------------------------------------------------------------
# Measuring one case
# ------------------------------------------------------------------------------------------------
def language_config(hf_config):
    """The config of the language model (a multimodal wrapper's text_config)."""
    if "text_config" in hf_config:
        return dict(hf_config["text_config"])
    return dict(hf_config)


def build(hf_config, attention, moe):
    fields = language_config(hf_config)
    cfg = AutoConfig.for_model(fields.pop("model_type"), **fields)
    extra = {"experts_implementation": "grouped_mm"} if moe else {}
    model = AutoModelForCausalLM.from_config(cfg, dtype=torch.bfloat16, attn_implementation=attention, **extra)
    model.train()
    return cfg, model


def decoder_layers(model, count):
    for _, module in model.named_modules():
        if isinstance(module, torch.nn.ModuleList) and len(module) == count:
            return module
    raise RuntimeError("no list of decoder layers")


def census(model, cfg, ids):
    """Saved tensors by decoder layer (unique storages, parameters and ids left out)."""
    known = {p.untyped_storage()._cdata for p in model.parameters()} | {ids.untyped_storage()._cdata}
    seen = {}
    where = ["outside"]

    def pack(t):
        key = t.untyped_storage()._cdata
        if key not in known and key not in seen:
            seen[key] = (t.untyped_storage().nbytes(), where[0])
        return t.detach()

    handles = []
    for i, layer in enumerate(decoder_layers(model, cfg.num_hidden_layers)):
        handles.append(layer.register_forward_pre_hook(lambda m, a, i=i: where.__setitem__(0, i)))
        handles.append(layer.register_forward_hook(lambda m, a, o: where.__setitem__(0, "outside")))
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = model(input_ids=ids, labels=ids, use_cache=False)
    for h in handles:
        h.remove()
    del out
    per_layer = [0] * cfg.num_hidden_layers
    outside = 0
    for nbytes, w in seen.values():
        if w == "outside":
            outside += nbytes
        else:
            per_layer[w] += nbytes
    return per_layer, outside


def measure(hf_config, batch, sequence, attention, checkpointing, moe=False):
    with FakeTensorMode(allow_non_fake_inputs=True):
        cfg, model = build(hf_config, attention, moe)
        if checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        for p in model.parameters():
            p.grad = torch.zeros_like(p)
        ids = torch.randint(0, cfg.vocab_size, (batch, sequence))
        result = {}
        if not checkpointing:
            result["census_per_layer"], result["census_outside_layers"] = census(model, cfg, ids)
        existing = [*model.parameters(), *(p.grad for p in model.parameters()), *model.buffers(), ids]
        allocation = Allocation({t.untyped_storage()._cdata for t in existing})
        with allocation:
            out = model(input_ids=ids, labels=ids, use_cache=False)
            result["saved"] = allocation.current
            result["logits_bytes"] = out.logits.untyped_storage().nbytes()
            out.loss.backward()
            del out
        result["peak"] = allocation.peak
    gc.collect()
    return result


def activation_census(name):
    """Bytes an ACT2FN activation saves per input value beyond its input and output (bf16 input), and
    whether it saves its input or its output."""
    with FakeTensorMode():
        x = torch.empty(4, 64, dtype=torch.bfloat16, requires_grad=True)
        h = x * 1.0  # a non-leaf input, as a projection's output is
        act = transformers.activations.ACT2FN[name]
        seen = {}

        def pack(t):
            seen.setdefault(t.untyped_storage()._cdata, t.untyped_storage().nbytes())
            return t

        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            y = act(h)
        keys = {"input": h.untyped_storage()._cdata, "output": y.untyped_storage()._cdata}
        extra = sum(n for k, n in seen.items() if k not in keys.values() and k != x.untyped_storage()._cdata)
        return {"saves_input": keys["input"] in seen, "saves_output": keys["output"] in seen,
                "other_bytes_per_value": extra / h.numel()}


def shrink(hf_config, layers):
    """The config with at most `layers` decoder layers, per-layer lists cut to match."""
    config = copy.deepcopy(hf_config)
    target = config["text_config"] if "text_config" in config else config
    for key in ("num_hidden_layers", "n_layer"):
        if key in target:
            target[key] = min(target[key], layers)
    count = target.get("num_hidden_layers", target.get("n_layer"))
    for key in ("layer_types", "no_rope_layers"):
        if isinstance(target.get(key), list):
            target[key] = target[key][:count]
    if isinstance(target.get("max_window_layers"), int):
        target["max_window_layers"] = min(target["max_window_layers"], count)
    if isinstance(target.get("mlp_only_layers"), list):
        target["mlp_only_layers"] = [i for i in target["mlp_only_layers"] if i < count]
    return config


def family_cases(names):
    with open(os.path.join(HERE, "cases.json")) as f:
        configs = {c["name"]: c["hf_config"] for c in json.load(f)["cases"]}
    cases = []
    for name, layers in FAMILY_CASES:
        if names and name not in names:
            continue
        config = shrink(configs[name], layers)
        fields = language_config(config)
        moe = any(k in fields for k in ("num_experts", "num_local_experts", "n_routed_experts"))
        for attention in ("eager", "sdpa"):
            for checkpointing in (False, True):
                for batch, sequence in SHAPES:
                    cases.append({"name": name, "hf_config": config, "batch": batch, "sequence": sequence,
                                  "attention": attention, "checkpointing": checkpointing, "moe": moe})
    return cases


def supports_sdpa(hf_config):
    try:
        with FakeTensorMode(allow_non_fake_inputs=True):
            build(shrink(hf_config, 1), "sdpa", False)
        return True
    except ValueError:
        return False


def run_cases(names):
    out = []
    sdpa = {}
    for case in family_cases(names):
        if case["attention"] == "sdpa":
            if case["name"] not in sdpa:
                sdpa[case["name"]] = supports_sdpa(case["hf_config"])
            if not sdpa[case["name"]]:
                continue
        m = measure(case["hf_config"], case["batch"], case["sequence"], case["attention"], case["checkpointing"],
                    moe=case.pop("moe"))
        out.append({**case, **m})
        print(f"{case['name']} b{case['batch']} s{case['sequence']} {case['attention']} "
              f"ckpt={case['checkpointing']}: saved {m['saved']} peak {m['peak']}", file=sys.stderr, flush=True)
    return out


def check_h200(path):
    with open(path) as f:
        cases = json.load(f)["cases"]
    failures = 0
    for case in cases:
        m = measure(case["hf_config"], case["batch"], case["sequence"], case["attention"], case["checkpointing"])
        expected = {"saved": case["saved_for_backward_requested"], "peak": case["peak_requested"]}
        for key, value in expected.items():
            if m[key] != value:
                failures += 1
                print(f"{case['name']} b{case['batch']} s{case['sequence']} {case['attention']} "
                      f"ckpt={case['checkpointing']}: {key} {m[key]} != H200 {value}")
    print(f"{len(cases)} cases, {failures} values differ")
    return failures == 0


def main(argv):
    transformers.logging.set_verbosity_error()
    cuda_like()
    if argv and argv[0] == "--check-h200":
        sys.exit(0 if check_h200(argv[1]) else 1)
    document = {
        "generator": "training_memory.py",
        "torch": torch.__version__, "transformers": transformers.__version__,
        "activations": {name: activation_census(name) for name in ACTIVATIONS},
        "cases": run_cases(set(argv)),
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
