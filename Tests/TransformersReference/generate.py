"""Ground truth from transformers for the tests: writes cases.json and re-measures models.json.

models.json (beside this script) holds ten common checkpoints' configs with what transformers 5.23
reports for them; cases.json, which this script writes, covers the families models.json does not,
measured the same way. Run with torch 2.15 and transformers 5.23 or later (outside the repository,
e.g. in a venv):

    python generate.py > cases.json          # every case
    python generate.py NAME... > some.json   # only the cases named
    python generate.py --check models.json   # re-measure a file's own hf_config entries and
                                             # name every value that differs (exit status 1)

Each config is built with AutoModelForCausalLM.from_config under torch.device("meta") with eager
attention, exactly as models.json's "about" describes, and the script records:
- params_total: sum of numel over model.parameters() (tied weights once);
- forward_flops: torch.utils.flop_counter.FlopCounterMode's total for one forward pass over b x s
  tokens (FlopCounterMode counts only matrix multiplications and attention; eager attention
  computes the full s x s); absent for mixtures of experts, whose FLOPs depend on the routing;
- kv_cache_bytes_bf16: the bytes of every tensor in the returned past_key_values after a bf16
  forward pass over b=2 x s=1024 tokens (the shape models.json uses, recoverable from its numbers:
  mistral-7b's 268435456 = 2 (k, v) * 2 * 1024 * 32 layers * 8 heads * 128 * 2 bytes).
  For mixtures of experts each MoE block is replaced by a zero function before this pass: the
  routing is data-dependent and cannot run on meta tensors, and the cache is written by the
  attention modules alone, whose shapes do not depend on the MLP's output.

measure() reproduces every value in models.json, run on its own hf_config entries (the
MoE replacement included, for mixtral-8x7b's cache): `--check models.json` shows it.
"""

import json
import sys

import torch
import transformers
from torch.utils.flop_counter import FlopCounterMode
from transformers import AutoConfig, AutoModelForCausalLM

FLOP_SHAPES = [(1, 512), (4, 2048)]
KV_SHAPE = (2, 1024)

# The config.json values of Sources/Estimation/Model/PresetCatalogue.swift's presets, as written there.
PRESETS = [
    ("gpt-j-6b", {
        "model_type": "gptj", "n_embd": 4096, "n_layer": 28, "n_head": 16, "n_positions": 2048,
        "rotary_dim": 64, "vocab_size": 50400, "tie_word_embeddings": False,
        "activation_function": "gelu_new",
    }),
    ("bloom-560m", {
        "model_type": "bloom", "n_embed": 1024, "n_layer": 24, "num_attention_heads": 16,
        "vocab_size": 250880,
    }),
    ("starcoder", {
        "model_type": "gpt_bigcode", "n_embd": 6144, "n_inner": 24576, "n_layer": 40, "n_head": 48,
        "n_positions": 8192, "vocab_size": 49152, "multi_query": True,
        "activation_function": "gelu_pytorch_tanh",
    }),
    ("phi-2", {
        "model_type": "phi", "hidden_size": 2560, "intermediate_size": 10240, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": None, "vocab_size": 51200,
        "max_position_embeddings": 2048, "partial_rotary_factor": 0.4, "qk_layernorm": False,
        "tie_word_embeddings": False, "hidden_act": "gelu_new",
    }),
    ("phi-3-mini", {
        "model_type": "phi3", "hidden_size": 3072, "intermediate_size": 8192, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32064,
        "max_position_embeddings": 4096, "original_max_position_embeddings": 4096,
        "sliding_window": 2047, "tie_word_embeddings": False, "hidden_act": "silu",
    }),
    ("qwen3-8b", {
        "model_type": "qwen3", "hidden_size": 4096, "intermediate_size": 12288, "num_hidden_layers": 36,
        "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 151936,
        "max_position_embeddings": 40960, "tie_word_embeddings": False, "attention_bias": False,
        "use_sliding_window": False, "sliding_window": None, "max_window_layers": 36,
        "hidden_act": "silu",
    }),
    ("gemma-2-9b", {
        "model_type": "gemma2", "hidden_size": 3584, "intermediate_size": 14336, "num_hidden_layers": 42,
        "num_attention_heads": 16, "num_key_value_heads": 8, "head_dim": 256, "vocab_size": 256000,
        "max_position_embeddings": 8192, "hidden_act": "gelu_pytorch_tanh", "sliding_window": 4096,
        "query_pre_attn_scalar": 256, "final_logit_softcapping": 30.0, "attn_logit_softcapping": 50.0,
    }),
    ("qwen3-30b-a3b", {
        "model_type": "qwen3_moe", "hidden_size": 2048, "intermediate_size": 6144,
        "moe_intermediate_size": 768, "num_hidden_layers": 48, "num_attention_heads": 32,
        "num_key_value_heads": 4, "head_dim": 128, "num_experts": 128, "num_experts_per_tok": 8,
        "decoder_sparse_step": 1, "mlp_only_layers": [], "vocab_size": 151936,
        "max_position_embeddings": 40960, "tie_word_embeddings": False, "attention_bias": False,
        "use_sliding_window": False, "sliding_window": None, "max_window_layers": 48,
        "hidden_act": "silu",
    }),
    ("deepseek-v2-lite", {
        "model_type": "deepseek_v2", "hidden_size": 2048, "intermediate_size": 10944,
        "moe_intermediate_size": 1408, "num_hidden_layers": 27, "num_attention_heads": 16,
        "num_key_value_heads": 16, "vocab_size": 102400, "max_position_embeddings": 163840,
        "q_lora_rank": None, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
        "v_head_dim": 128, "n_routed_experts": 64, "n_shared_experts": 2, "num_experts_per_tok": 6,
        "first_k_dense_replace": 1, "moe_layer_freq": 1, "topk_method": "greedy",
        "tie_word_embeddings": False, "attention_bias": False,
    }),
    ("deepseek-v3", {
        "model_type": "deepseek_v3", "hidden_size": 7168, "intermediate_size": 18432,
        "moe_intermediate_size": 2048, "num_hidden_layers": 61, "num_attention_heads": 128,
        "num_key_value_heads": 128, "vocab_size": 129280, "max_position_embeddings": 163840,
        "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
        "v_head_dim": 128, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
        "first_k_dense_replace": 3, "moe_layer_freq": 1, "n_group": 8, "topk_group": 4,
        "topk_method": "noaux_tc", "num_nextn_predict_layers": 1, "tie_word_embeddings": False,
        "attention_bias": False,
    }),
]

# Configs for features the presets leave untested at these shapes.
FEATURES = [
    # The cached sequence of 1024 passes the window of 256: the sliding layers (every other one) keep less.
    ("gemma2-small-window", {
        "model_type": "gemma2", "hidden_size": 512, "intermediate_size": 2048, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 64, "vocab_size": 1000,
        "max_position_embeddings": 4096, "hidden_act": "gelu_pytorch_tanh", "sliding_window": 256,
        "query_pre_attn_scalar": 64, "final_logit_softcapping": 30.0, "attn_logit_softcapping": 50.0,
    }),
    # Every layer slides (MistralAttention), the cached sequence of 1024 passing the window of 256.
    ("mistral-small-window", {
        "model_type": "mistral", "hidden_size": 512, "intermediate_size": 1792, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000,
        "tie_word_embeddings": False, "max_position_embeddings": 4096, "hidden_act": "silu",
        "sliding_window": 256,
    }),
    # Falcon 40B's shape: grouped key/value heads and two parallel LayerNorms per layer.
    ("falcon-40b", {
        "model_type": "falcon", "hidden_size": 8192, "num_hidden_layers": 60, "num_attention_heads": 128,
        "num_kv_heads": 8, "new_decoder_architecture": True, "parallel_attn": True, "bias": False,
        "vocab_size": 65024, "alibi": False,
    }),
    # DeepSeek-V2-Lite's latent attention with every layer dense, so its FLOPs are defined.
    ("deepseek-v2-lite-dense", {
        "model_type": "deepseek_v2", "hidden_size": 2048, "intermediate_size": 10944,
        "moe_intermediate_size": 1408, "num_hidden_layers": 4, "num_attention_heads": 16,
        "num_key_value_heads": 16, "vocab_size": 102400, "max_position_embeddings": 163840,
        "q_lora_rank": None, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
        "v_head_dim": 128, "n_routed_experts": 64, "n_shared_experts": 2, "num_experts_per_tok": 6,
        "first_k_dense_replace": 4, "moe_layer_freq": 1, "topk_method": "greedy",
        "tie_word_embeddings": False, "attention_bias": False,
    }),
    # OPT 350M: embeddings of 512 projected in and out of the 1024-wide layers, post-norm layers.
    ("opt-350m", {
        "model_type": "opt", "hidden_size": 1024, "ffn_dim": 4096, "num_hidden_layers": 24,
        "num_attention_heads": 16, "vocab_size": 50272, "max_position_embeddings": 2048,
        "word_embed_proj_dim": 512, "do_layer_norm_before": False,
    }),
    # Phi with per-head LayerNorms on the query and key.
    ("phi-qk-layernorm", {
        "model_type": "phi", "hidden_size": 512, "intermediate_size": 2048, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 1000,
        "max_position_embeddings": 2048, "partial_rotary_factor": 0.5, "qk_layernorm": True,
        "tie_word_embeddings": False, "hidden_act": "gelu_new",
    }),
    # GPTBigCode with a key and value per head (multi_query false).
    ("gpt-bigcode-multi-head", {
        "model_type": "gpt_bigcode", "n_embd": 512, "n_inner": 2048, "n_layer": 4, "n_head": 8,
        "n_positions": 4096, "vocab_size": 1000, "multi_query": False,
        "activation_function": "gelu_pytorch_tanh",
    }),
    # GPT-NeoX with sequential residuals and bias-free attention.
    ("gpt-neox-sequential", {
        "model_type": "gpt_neox", "hidden_size": 512, "intermediate_size": 2048, "num_hidden_layers": 4,
        "num_attention_heads": 8, "vocab_size": 1000, "max_position_embeddings": 4096,
        "rotary_pct": 0.25, "use_parallel_residual": False, "attention_bias": False,
        "tie_word_embeddings": False,
    }),
    # Llama with biases on attention and MLP, a head_dim that is not hidden / heads, a tied head.
    ("llama-biases-head-dim", {
        "model_type": "llama", "hidden_size": 512, "intermediate_size": 1376, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 96, "vocab_size": 1000,
        "tie_word_embeddings": True, "max_position_embeddings": 4096, "hidden_act": "silu",
        "attention_bias": True, "mlp_bias": True,
    }),
    # Falcon RW's shape: ALiBi, sequential attention and MLP, biases, a key and value per head.
    ("falcon-rw-alibi", {
        "model_type": "falcon", "hidden_size": 512, "num_hidden_layers": 4, "num_attention_heads": 8,
        "multi_query": False, "parallel_attn": False, "bias": True, "vocab_size": 1000,
        "new_decoder_architecture": False, "alibi": True,
    }),
    # DeepSeek-V3's attention (a low-rank query, q_lora_rank) in four dense layers.
    ("deepseek-v3-dense", {
        "model_type": "deepseek_v3", "hidden_size": 7168, "intermediate_size": 18432,
        "moe_intermediate_size": 2048, "num_hidden_layers": 4, "num_attention_heads": 128,
        "num_key_value_heads": 128, "vocab_size": 129280, "max_position_embeddings": 163840,
        "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64,
        "v_head_dim": 128, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
        "first_k_dense_replace": 4, "moe_layer_freq": 1, "n_group": 8, "topk_group": 4,
        "topk_method": "noaux_tc", "num_nextn_predict_layers": 1, "tie_word_embeddings": False,
        "attention_bias": False,
    }),
]

def build(hf_config, dtype):
    config = AutoConfig.for_model(**hf_config)
    with torch.device("meta"):
        return AutoModelForCausalLM.from_config(config, attn_implementation="eager", dtype=dtype)


def is_moe(model):
    return any(hasattr(m, "experts") for m in model.modules())


def silence_experts(model):
    """Replaces each MoE block (a module holding `experts`) by a zero function of its input."""
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if hasattr(child, "experts"):
                module._modules[name] = ZeroBlock()


class ZeroBlock(torch.nn.Module):
    def forward(self, hidden_states, *args, **kwargs):
        return torch.zeros_like(hidden_states)


def inputs(batch, sequence):
    """Token ids and an all-ones attention mask: without a mask, transformers inspects the position
    ids for packed sequences, a data-dependent check that meta tensors cannot answer."""
    ones = torch.ones(batch, sequence, dtype=torch.long, device="meta")
    return {"input_ids": ones, "attention_mask": ones}


def forward_flops(model, batch, sequence):
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(**inputs(batch, sequence), use_cache=False)
    return counter.get_total_flops()


def kv_cache_bytes(model, batch, sequence):
    with torch.no_grad():
        out = model(**inputs(batch, sequence), use_cache=True)
    total = 0
    for layer in out.past_key_values.layers:
        for tensor in (layer.keys, layer.values):
            if tensor is not None:
                total += tensor.numel() * tensor.element_size()
    return total


def measure(name, hf_config):
    case = {"name": name, "hf_config": hf_config}
    model = build(hf_config, torch.float32)
    case["params_total"] = sum(p.numel() for p in model.parameters())
    moe = is_moe(model)
    if not moe:
        case["forward_flops"] = {f"b{b}_s{s}": forward_flops(model, b, s) for b, s in FLOP_SHAPES}
    del model
    model = build(hf_config, torch.bfloat16)
    if moe:
        silence_experts(model)
    b, s = KV_SHAPE
    case["kv_cache_bytes_bf16"] = {f"b{b}_s{s}": kv_cache_bytes(model, b, s)}
    return case


def check(path):
    """Re-measures every case of a reference file from its hf_config; returns the differences."""
    with open(path) as file:
        cases = json.load(file)["cases"]
    differences = []
    for recorded in cases:
        measured = measure(recorded["name"], recorded["hf_config"])
        for key in ("params_total", "forward_flops", "kv_cache_bytes_bf16"):
            if recorded.get(key) != measured.get(key):
                differences.append(f"{recorded['name']} {key}: file {recorded.get(key)}, measured {measured.get(key)}")
    print(f"{len(cases)} cases re-measured with transformers {transformers.__version__}, torch {torch.__version__}; "
          f"{len(differences)} differences", file=sys.stderr)
    return differences


def main():
    if sys.argv[1:2] == ["--check"] and len(sys.argv) == 3:
        differences = check(sys.argv[2])
        for line in differences:
            print(line)
        sys.exit(1 if differences else 0)
    names = set(sys.argv[1:])
    cases = [measure(n, c) for n, c in PRESETS + FEATURES if not names or n in names]
    about = (
        f"Ground truth from the Hugging Face transformers modelling code (transformers "
        f"{transformers.__version__}, torch {torch.__version__}) for the families models.json lacks, "
        "measured as models.json was: each config instantiated on the meta device with eager attention; "
        "params_total is the sum of numel over model.parameters(); forward_flops are FlopCounterMode "
        "totals (2 FLOPs per multiply-accumulate, matrix multiplications and attention only, full s x s "
        "attention, batch b and sequence s as named) for one forward pass; kv_cache_bytes_bf16 is the "
        "size of the key/value cache tensors after a bf16 forward pass over b x s tokens. "
        "Mixture-of-experts FLOPs are absent (routing is data-dependent); for their cache the MoE "
        "blocks are replaced by zeros, which changes no cache shape. Written by generate.py."
    )
    json.dump({"about": about, "cases": cases}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
