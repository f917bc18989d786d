"""Ground truth from transformers for Abacus's config.json import: parameters, forward FLOPs, cache.

Writes cases.json and re-measures any reference file of the same layout, models.json beside it
included (ten common checkpoints' configs with what transformers reports for them). Run with
torch 2.15 and transformers 5.24 (outside the repository, e.g. in a venv):

    python generate.py > cases.json          # every case
    python generate.py NAME... > some.json   # only the cases named
    python generate.py --check models.json   # re-measure a file's own hf_config entries and
                                             # name every value that differs (exit status 1)

Each config is built with AutoModelForCausalLM.from_config under torch.device("meta") with eager
attention, and the script records:
- params_total: sum of numel over model.parameters() (tied weights once);
- params_towers: the part of params_total in vision or audio towers and their projectors (what a
  multimodal checkpoint holds beside its language model), 0 for a text model;
- score_correction_buffers: numel of the routers' e_score_correction_bias tensors that transformers
  registers as buffers (deepseek_v3, glm4_moe, minimax_m2, nemotron_h), which the checkpoints store
  and Abacus counts as parameters;
- forward_flops: torch.utils.flop_counter.FlopCounterMode's total for one forward pass over b x s
  tokens (it counts matrix multiplications, convolutions and attention; eager attention computes the
  full s x s). Mixture-of-experts blocks run with experts_implementation="batched_mm", which gathers
  the K experts each token is routed to and multiplies only those, so the count is K routed experts
  per token (plus shared experts and the router), whatever the routing; llama4's block, which
  multiplies every expert for every token and zeroes the unrouted ones, is replaced by the same
  top-K gather (llama4_top_k_forward). Recurrent mixers run their chunked PyTorch reference
  (transformers' fallback when no CUDA kernel is loaded): gated delta rule, lightning attention,
  Mamba-2 state-space duality, causal convolutions;
- kv_cache_bytes_bf16: the bytes of every key and value tensor in the returned cache after a bf16
  forward pass over b=2 x s=1024 tokens (the shape models.json uses);
- state_bytes_bf16: after the same pass, the bytes of the recurrent layers' states the cache holds:
  convolution states and linear-attention / state-space states (conv_states, recurrent_states, and
  minimax's linear_cache), at the dtype transformers keeps them.

Padding masks: the all-ones mask is passed for attention (without one transformers inspects the
position ids, a data-dependent check meta tensors cannot answer); the recurrent layers' padding mask
(create_recurrent_attention_mask), which transformers drops for an all-ones mask after a
data-dependent test, is dropped up front.

The MODELS_JSON cases reproduce models.json (its configs, written out here) and are marked
"source": "models.json" in cases.json; `--check models.json` re-measures that file itself.
"""

import copy
import json
import sys

import torch
import transformers
import transformers.masking_utils
from torch.utils.flop_counter import FlopCounterMode
from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForImageTextToText

FLOP_SHAPES = [(1, 512), (4, 2048)]
# A sequence that is not a whole number of chunks (64, 128, 256) nor past most windows.
ODD_FLOP_SHAPE = (2, 300)
KV_SHAPE = (2, 1024)

# The ten configs of models.json (beside this script), as written there.
MODELS_JSON = [
    ("gpt2", {
        "model_type": "gpt2", "n_embd": 768, "n_layer": 12, "n_head": 12, "vocab_size": 50257,
        "n_positions": 1024, "n_ctx": 1024, "activation_function": "gelu_new",
    }),
    ("llama-2-7b", {
        "model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32000, "tie_word_embeddings": False,
        "max_position_embeddings": 4096, "rms_norm_eps": 1e-05, "hidden_act": "silu", "attention_bias": False,
    }),
    ("llama-3-8b", {
        "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": False,
        "max_position_embeddings": 8192, "rms_norm_eps": 1e-05, "hidden_act": "silu", "attention_bias": False,
    }),
    ("mistral-7b", {
        "model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000, "tie_word_embeddings": False,
        "max_position_embeddings": 32768, "rms_norm_eps": 1e-05, "hidden_act": "silu", "attention_bias": False,
        "sliding_window": 4096,
    }),
    ("mixtral-8x7b", {
        "model_type": "mixtral", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000, "tie_word_embeddings": False,
        "max_position_embeddings": 32768, "rms_norm_eps": 1e-05, "hidden_act": "silu", "attention_bias": False,
        "num_local_experts": 8, "num_experts_per_tok": 2,
    }),
    ("qwen2.5-7b", {
        "model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28,
        "num_attention_heads": 28, "num_key_value_heads": 4, "vocab_size": 152064, "tie_word_embeddings": False,
        "max_position_embeddings": 32768, "rms_norm_eps": 1e-05, "hidden_act": "silu", "attention_bias": False,
    }),
    ("gemma-7b", {
        "model_type": "gemma", "hidden_size": 3072, "intermediate_size": 24576, "num_hidden_layers": 28,
        "num_attention_heads": 16, "num_key_value_heads": 16, "head_dim": 256, "vocab_size": 256000,
        "max_position_embeddings": 8192, "hidden_act": "gelu_pytorch_tanh", "tie_word_embeddings": True,
    }),
    ("falcon-7b", {
        "model_type": "falcon", "hidden_size": 4544, "num_hidden_layers": 32, "num_attention_heads": 71,
        "multi_query": True, "parallel_attn": True, "bias": False, "vocab_size": 65024,
        "new_decoder_architecture": False, "alibi": False,
    }),
    ("pythia-160m", {
        "model_type": "gpt_neox", "hidden_size": 768, "intermediate_size": 3072, "num_hidden_layers": 12,
        "num_attention_heads": 12, "vocab_size": 50304, "max_position_embeddings": 2048, "rotary_pct": 0.25,
        "use_parallel_residual": True, "tie_word_embeddings": False,
    }),
    ("opt-125m", {
        "model_type": "opt", "hidden_size": 768, "ffn_dim": 3072, "num_hidden_layers": 12,
        "num_attention_heads": 12, "vocab_size": 50272, "max_position_embeddings": 2048,
        "word_embed_proj_dim": 768, "do_layer_norm_before": True,
    }),
]

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
    # DeepSeek-V2-Lite's latent attention with every layer dense.
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
    # Qwen2 sliding on the layers from max_window_layers on, the cached sequence passing the window.
    ("qwen2-upper-layers-slide", {
        "model_type": "qwen2", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "use_sliding_window": True,
        "sliding_window": 256, "max_window_layers": 2, "tie_word_embeddings": False,
    }),
    # Qwen3-MoE with experts on every second layer and one listed layer dense.
    ("qwen3-moe-sparse-step", {
        "model_type": "qwen3_moe", "hidden_size": 512, "intermediate_size": 1536, "moe_intermediate_size": 256,
        "num_hidden_layers": 6, "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 64,
        "num_experts": 8, "num_experts_per_tok": 2, "decoder_sparse_step": 2, "mlp_only_layers": [3],
        "vocab_size": 1000, "tie_word_embeddings": False,
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

# Families added in round 2: each family's real public configs (those PresetCatalogue holds, as
# written there) and small configs for the switches the real ones leave at one value.
FAMILIES = [
    # gemma3_text: Gemma 3 1B; q/k norms per head, five sliding layers (window 512) to one full.
    ("gemma-3-1b", {
        "model_type": "gemma3_text", "hidden_size": 1152, "intermediate_size": 6912, "num_hidden_layers": 26,
        "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 256, "vocab_size": 262144,
        "max_position_embeddings": 32768, "hidden_activation": "gelu_pytorch_tanh", "sliding_window": 512,
        "sliding_window_pattern": 6, "query_pre_attn_scalar": 256, "rope_theta": 1000000.0,
        "rope_local_base_freq": 10000.0, "rope_scaling": None, "tie_word_embeddings": True,
    }),
    # gemma3: Gemma 3 27B's config.json, its language model in text_config beside a SigLIP tower.
    ("gemma-3-27b", {
        "model_type": "gemma3", "mm_tokens_per_image": 256, "boi_token_index": 255999,
        "eoi_token_index": 256000, "image_token_index": 262144,
        "text_config": {
            "model_type": "gemma3_text", "head_dim": 128, "hidden_size": 5376, "intermediate_size": 21504,
            "num_attention_heads": 32, "num_hidden_layers": 62, "num_key_value_heads": 16,
            "query_pre_attn_scalar": 168, "rope_scaling": {"factor": 8.0, "rope_type": "linear"},
            "sliding_window": 1024,
        },
        "vision_config": {
            "model_type": "siglip_vision_model", "hidden_size": 1152, "image_size": 896,
            "intermediate_size": 4304, "num_attention_heads": 16, "num_hidden_layers": 27, "patch_size": 14,
            "vision_use_head": False,
        },
    }),
    # gemma3_text with an explicit layer_types list and a window the cached 1024 tokens pass.
    ("gemma3-listed-layers", {
        "model_type": "gemma3_text", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 5,
        "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 128, "vocab_size": 1000,
        "sliding_window": 128, "query_pre_attn_scalar": 128, "tie_word_embeddings": False,
        "layer_types": ["full_attention", "sliding_attention", "sliding_attention", "full_attention",
                        "sliding_attention"],
    }),
    # llama4: Llama 4 Scout's language model (16 experts in every layer, chunked attention with NoPE
    # every fourth layer, q/k L2 norms).
    ("llama-4-scout", {
        "model_type": "llama4_text", "hidden_size": 5120, "intermediate_size": 8192,
        "intermediate_size_mlp": 16384, "num_hidden_layers": 48, "num_attention_heads": 40,
        "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 202048, "num_local_experts": 16,
        "num_experts_per_tok": 1, "interleave_moe_layer_step": 1, "use_qk_norm": True,
        "attention_chunk_size": 8192, "max_position_embeddings": 10485760, "rope_theta": 500000.0,
        "rope_scaling": {"factor": 16.0, "high_freq_factor": 1.0, "low_freq_factor": 1.0,
                         "original_max_position_embeddings": 8192, "rope_type": "llama3"},
        "attention_bias": False, "hidden_act": "silu", "tie_word_embeddings": False,
    }),
    # llama4: Llama 4 Maverick's language model (128 experts in every second layer).
    ("llama-4-maverick", {
        "model_type": "llama4_text", "hidden_size": 5120, "intermediate_size": 8192,
        "intermediate_size_mlp": 16384, "num_hidden_layers": 48, "num_attention_heads": 40,
        "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 202048, "num_local_experts": 128,
        "num_experts_per_tok": 1, "interleave_moe_layer_step": 2, "use_qk_norm": False,
        "attention_chunk_size": 8192, "max_position_embeddings": 1048576, "rope_theta": 500000.0,
        "rope_scaling": None, "attention_bias": False, "hidden_act": "silu", "tie_word_embeddings": False,
    }),
    # llama4 as a multimodal config.json, and chunks of 256 that the cached 1024 tokens pass.
    ("llama4-multimodal-small-chunks", {
        "model_type": "llama4",
        "text_config": {
            "model_type": "llama4_text", "hidden_size": 512, "intermediate_size": 512,
            "intermediate_size_mlp": 1024, "num_hidden_layers": 4, "num_attention_heads": 8,
            "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 1000, "num_local_experts": 4,
            "num_experts_per_tok": 2, "moe_layers": [1, 2], "no_rope_layers": [1, 0, 1, 1],
            "attention_chunk_size": 256, "use_qk_norm": True,
        },
        "vision_config": {
            "model_type": "llama4_vision_model", "hidden_size": 128, "intermediate_size": 256,
            "num_hidden_layers": 2, "num_attention_heads": 4, "vision_output_dim": 256,
            "projector_input_dim": 256, "projector_output_dim": 256, "image_size": 112, "patch_size": 14,
        },
    }),
    # mistral3: Mistral Small 3.1 24B's config.json, a mistral language model beside a Pixtral tower.
    ("mistral-small-3.1-24b", {
        "model_type": "mistral3", "image_token_index": 10, "multimodal_projector_bias": False,
        "projector_hidden_act": "gelu", "spatial_merge_size": 2, "vision_feature_layer": -1,
        "tie_word_embeddings": False,
        "text_config": {
            "model_type": "mistral", "hidden_size": 5120, "intermediate_size": 32768, "num_hidden_layers": 40,
            "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072,
            "max_position_embeddings": 131072, "rope_theta": 1000000000.0, "sliding_window": None,
            "hidden_act": "silu", "rms_norm_eps": 1e-05,
        },
        "vision_config": {
            "model_type": "pixtral", "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
            "num_attention_heads": 16, "head_dim": 64, "image_size": 1540, "patch_size": 14,
            "num_channels": 3, "rope_theta": 10000.0, "hidden_act": "silu",
        },
    }),
    # gpt_oss: gpt-oss-20b and -120b (sinks, alternating windows of 128, biased experts in MXFP4).
    ("gpt-oss-20b", {
        "model_type": "gpt_oss", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 24,
        "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 201088,
        "num_local_experts": 32, "num_experts_per_tok": 4, "experts_per_token": 4, "sliding_window": 128,
        "layer_types": ["sliding_attention", "full_attention"] * 12, "attention_bias": True,
        "hidden_act": "silu", "swiglu_limit": 7.0, "max_position_embeddings": 131072,
        "initial_context_length": 4096, "rope_theta": 150000,
        "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": 32.0,
                         "original_max_position_embeddings": 4096, "rope_type": "yarn", "truncate": False},
        "tie_word_embeddings": False,
        "quantization_config": {
            "quant_method": "mxfp4",
            "modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router",
                                       "model.embed_tokens", "lm_head"],
        },
    }),
    ("gpt-oss-120b", {
        "model_type": "gpt_oss", "hidden_size": 2880, "intermediate_size": 2880, "num_hidden_layers": 36,
        "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 201088,
        "num_local_experts": 128, "num_experts_per_tok": 4, "experts_per_token": 4, "sliding_window": 128,
        "layer_types": ["sliding_attention", "full_attention"] * 18, "attention_bias": True,
        "hidden_act": "silu", "swiglu_limit": 7.0, "max_position_embeddings": 131072,
        "initial_context_length": 4096, "rope_theta": 150000,
        "rope_scaling": {"beta_fast": 32.0, "beta_slow": 1.0, "factor": 32.0,
                         "original_max_position_embeddings": 4096, "rope_type": "yarn", "truncate": False},
        "tie_word_embeddings": False,
        "quantization_config": {
            "quant_method": "mxfp4",
            "modules_to_not_convert": ["model.layers.*.self_attn", "model.layers.*.mlp.router",
                                       "model.embed_tokens", "lm_head"],
        },
    }),
    # starcoder2: StarCoder2 15B and 7B (LayerNorm, a GELU MLP that is not gated, biases everywhere).
    ("starcoder2-15b", {
        "model_type": "starcoder2", "hidden_size": 6144, "intermediate_size": 24576, "num_hidden_layers": 40,
        "num_attention_heads": 48, "num_key_value_heads": 4, "vocab_size": 49152,
        "max_position_embeddings": 16384, "sliding_window": 4096, "use_bias": True, "norm_epsilon": 1e-05,
        "hidden_act": "gelu_pytorch_tanh", "rope_theta": 100000, "tie_word_embeddings": False,
    }),
    ("starcoder2-7b", {
        "model_type": "starcoder2", "hidden_size": 4608, "intermediate_size": 18432, "num_hidden_layers": 32,
        "num_attention_heads": 36, "num_key_value_heads": 4, "vocab_size": 49152,
        "max_position_embeddings": 16384, "sliding_window": 4096, "use_bias": True, "norm_epsilon": 1e-05,
        "hidden_act": "gelu_pytorch_tanh", "rope_theta": 1000000,
    }),
    # starcoder2 without biases, its window passed by the cached sequence.
    ("starcoder2-no-bias-window", {
        "model_type": "starcoder2", "hidden_size": 512, "intermediate_size": 2048, "num_hidden_layers": 3,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "sliding_window": 512,
        "use_bias": False, "hidden_act": "gelu_pytorch_tanh", "tie_word_embeddings": True,
    }),
    # olmo2: OLMo 2 7B (norms after attention and MLP, q/k norms over the whole projection).
    ("olmo-2-7b", {
        "model_type": "olmo2", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 100352,
        "max_position_embeddings": 4096, "rms_norm_eps": 1e-06, "rope_theta": 500000.0,
        "hidden_act": "silu", "attention_bias": False, "tie_word_embeddings": False,
    }),
    # olmo2 with grouped keys and values, so the key norm is narrower than the query norm.
    ("olmo2-grouped", {
        "model_type": "olmo2", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 3,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "attention_bias": True,
    }),
    # olmo3: Olmo 3 7B (three sliding layers of 4096 to one full).
    ("olmo-3-7b", {
        "model_type": "olmo3", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 100278,
        "max_position_embeddings": 65536, "sliding_window": 4096, "rms_norm_eps": 1e-06,
        "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "full_attention"] * 8,
        "rope_theta": 500000, "rope_scaling": {"attention_factor": 1.2079441541679836, "beta_fast": 32,
                                               "beta_slow": 1, "factor": 8.0,
                                               "original_max_position_embeddings": 8192, "rope_type": "yarn"},
        "hidden_act": "silu", "attention_bias": False, "tie_word_embeddings": False,
    }),
    # olmo3 with its default layer types and a window the cached sequence passes.
    ("olmo3-small-window", {
        "model_type": "olmo3", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 1000, "sliding_window": 256,
    }),
    # granite: Granite 3.3 8B (multipliers on embeddings, residuals, attention and logits: no parameters).
    ("granite-3.3-8b", {
        "model_type": "granite", "hidden_size": 4096, "intermediate_size": 12800, "num_hidden_layers": 40,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 49159,
        "max_position_embeddings": 131072, "attention_bias": False, "mlp_bias": False,
        "attention_multiplier": 0.0078125, "embedding_multiplier": 12.0, "logits_scaling": 16.0,
        "residual_multiplier": 0.22, "rms_norm_eps": 1e-05, "rope_theta": 10000000.0,
        "hidden_act": "silu", "tie_word_embeddings": True,
    }),
    ("granite-biases", {
        "model_type": "granite", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 3,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "attention_bias": True,
        "mlp_bias": True, "tie_word_embeddings": False,
    }),
    # granitemoe: Granite 3.1 3B-A800M (40 experts, 8 per token, in every layer).
    ("granite-3.1-3b-a800m", {
        "model_type": "granitemoe", "hidden_size": 1536, "intermediate_size": 512, "num_hidden_layers": 32,
        "num_attention_heads": 24, "num_key_value_heads": 8, "vocab_size": 49155,
        "num_local_experts": 40, "num_experts_per_tok": 8, "max_position_embeddings": 131072,
        "attention_multiplier": 0.015625, "embedding_multiplier": 12.0, "logits_scaling": 6.0,
        "residual_multiplier": 0.22, "rms_norm_eps": 1e-06, "rope_theta": 10000000.0,
        "attention_bias": False, "hidden_act": "silu", "tie_word_embeddings": True,
    }),
    # qwen2_moe: Qwen1.5-MoE-A2.7B (60 routed experts, one wide shared expert behind a sigmoid gate).
    ("qwen1.5-moe-a2.7b", {
        "model_type": "qwen2_moe", "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 24,
        "num_attention_heads": 16, "num_key_value_heads": 16, "vocab_size": 151936,
        "max_position_embeddings": 8192, "moe_intermediate_size": 1408,
        "shared_expert_intermediate_size": 5632, "num_experts": 60, "num_experts_per_tok": 4,
        "decoder_sparse_step": 1, "norm_topk_prob": False, "use_sliding_window": False,
        "sliding_window": 32768, "max_window_layers": 21, "rope_theta": 1000000.0, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # qwen2_moe with dense layers between sparse ones, and sliding layers.
    ("qwen2-moe-mixed-layers", {
        "model_type": "qwen2_moe", "hidden_size": 512, "intermediate_size": 1024, "num_hidden_layers": 6,
        "num_attention_heads": 8, "num_key_value_heads": 4, "vocab_size": 1000, "moe_intermediate_size": 256,
        "shared_expert_intermediate_size": 768, "num_experts": 8, "num_experts_per_tok": 2,
        "decoder_sparse_step": 2, "mlp_only_layers": [3], "use_sliding_window": True, "sliding_window": 256,
        "max_window_layers": 4,
    }),
    # glm4_moe: GLM-4.5-Air (half-rotary heads, qkv biases, one leading dense layer, a shared expert).
    ("glm-4.5-air", {
        "model_type": "glm4_moe", "hidden_size": 4096, "intermediate_size": 10944, "num_hidden_layers": 46,
        "num_attention_heads": 96, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 151552,
        "moe_intermediate_size": 1408, "n_routed_experts": 128, "n_shared_experts": 1,
        "num_experts_per_tok": 8, "first_k_dense_replace": 1, "norm_topk_prob": True, "n_group": 1,
        "topk_group": 1, "routed_scaling_factor": 1.0, "partial_rotary_factor": 0.5,
        "attention_bias": True, "use_qk_norm": False, "num_nextn_predict_layers": 1,
        "max_position_embeddings": 131072, "rope_theta": 1000000, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # glm4_moe: GLM-4.5 (q/k norms, three leading dense layers).
    ("glm-4.5", {
        "model_type": "glm4_moe", "hidden_size": 5120, "intermediate_size": 12288, "num_hidden_layers": 92,
        "num_attention_heads": 96, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 151552,
        "moe_intermediate_size": 1536, "n_routed_experts": 160, "n_shared_experts": 1,
        "num_experts_per_tok": 8, "first_k_dense_replace": 3, "norm_topk_prob": True, "n_group": 1,
        "topk_group": 1, "routed_scaling_factor": 2.5, "partial_rotary_factor": 0.5,
        "attention_bias": True, "use_qk_norm": True, "num_nextn_predict_layers": 1,
        "max_position_embeddings": 131072, "rope_theta": 1000000, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # qwen3_next: Qwen3-Next-80B-A3B (three gated-DeltaNet layers to one gated attention layer).
    ("qwen3-next-80b-a3b", {
        "model_type": "qwen3_next", "hidden_size": 2048, "intermediate_size": 5120, "num_hidden_layers": 48,
        "num_attention_heads": 16, "num_key_value_heads": 2, "head_dim": 256, "vocab_size": 151936,
        "num_experts": 512, "num_experts_per_tok": 10, "moe_intermediate_size": 512,
        "shared_expert_intermediate_size": 512, "decoder_sparse_step": 1, "mlp_only_layers": [],
        "norm_topk_prob": True, "full_attention_interval": 4, "linear_conv_kernel_dim": 4,
        "linear_key_head_dim": 128, "linear_num_key_heads": 16, "linear_num_value_heads": 32,
        "linear_value_head_dim": 128, "partial_rotary_factor": 0.25, "max_position_embeddings": 262144,
        "rope_theta": 10000000, "hidden_act": "silu", "attention_bias": False, "tie_word_embeddings": False,
    }),
    # qwen3_next with dense MLP layers and its own layer_types.
    ("qwen3-next-dense-layers", {
        "model_type": "qwen3_next", "hidden_size": 512, "intermediate_size": 1024, "num_hidden_layers": 4,
        "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 128, "vocab_size": 1000,
        "num_experts": 8, "num_experts_per_tok": 2, "moe_intermediate_size": 128,
        "shared_expert_intermediate_size": 256, "mlp_only_layers": [0, 3],
        "layer_types": ["linear_attention", "full_attention", "linear_attention", "linear_attention"],
        "linear_conv_kernel_dim": 3, "linear_key_head_dim": 64, "linear_num_key_heads": 4,
        "linear_num_value_heads": 8, "linear_value_head_dim": 32,
    }),
    # cohere: Command R (35B): one LayerNorm without bias per layer, attention and MLP side by side.
    ("command-r", {
        "model_type": "cohere", "hidden_size": 8192, "intermediate_size": 22528, "num_hidden_layers": 40,
        "num_attention_heads": 64, "num_key_value_heads": 64, "vocab_size": 256000, "logit_scale": 0.0625,
        "max_position_embeddings": 8192, "rope_theta": 8000000.0, "use_qk_norm": False,
        "hidden_act": "silu", "attention_bias": False, "tie_word_embeddings": True,
    }),
    # cohere: Command R+ (q/k LayerNorms per head, each head its own weight).
    ("command-r-plus", {
        "model_type": "cohere", "hidden_size": 12288, "intermediate_size": 33792, "num_hidden_layers": 64,
        "num_attention_heads": 96, "num_key_value_heads": 8, "vocab_size": 256000, "logit_scale": 0.8333333333333334,
        "max_position_embeddings": 8192, "rope_theta": 75000000.0, "use_qk_norm": True,
        "hidden_act": "silu", "attention_bias": False, "tie_word_embeddings": True,
    }),
    # stablelm: StableLM 2 1.6B (LayerNorms, a quarter of each head rotary, qkv biases).
    ("stablelm-2-1.6b", {
        "model_type": "stablelm", "hidden_size": 2048, "intermediate_size": 5632, "num_hidden_layers": 24,
        "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 100352,
        "max_position_embeddings": 4096, "partial_rotary_factor": 0.25, "use_qkv_bias": True,
        "qk_layernorm": False, "use_parallel_residual": False, "layer_norm_eps": 1e-05,
        "rope_theta": 10000, "hidden_act": "silu", "tie_word_embeddings": False,
    }),
    # stablelm as StableLM 2 12B arranges it: per-head q/k LayerNorms, a parallel residual.
    ("stablelm-qk-norm-parallel", {
        "model_type": "stablelm", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 3,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "qk_layernorm": True,
        "use_parallel_residual": True, "use_qkv_bias": False, "partial_rotary_factor": 0.25,
    }),
    # phimoe: Phi-3.5-MoE (LayerNorms, biased attention and head, 16 experts, 2 per token).
    ("phi-3.5-moe", {
        "model_type": "phimoe", "hidden_size": 4096, "intermediate_size": 6400, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32064, "num_local_experts": 16,
        "num_experts_per_tok": 2, "attention_bias": True, "lm_head_bias": True,
        "max_position_embeddings": 131072, "sliding_window": 131072, "rope_theta": 10000.0,
        "hidden_act": "silu", "tie_word_embeddings": False,
    }),
    # smollm3: SmolLM3 3B (no rotary positions in every fourth layer).
    ("smollm3-3b", {
        "model_type": "smollm3", "hidden_size": 2048, "intermediate_size": 11008, "num_hidden_layers": 36,
        "num_attention_heads": 16, "num_key_value_heads": 4, "vocab_size": 128256,
        "max_position_embeddings": 65536, "no_rope_layer_interval": 4, "use_sliding_window": False,
        "sliding_window": None, "rope_theta": 5000000.0, "hidden_act": "silu", "attention_bias": False,
        "mlp_bias": False, "tie_word_embeddings": True,
    }),
    # smollm3 sliding on its NoPE layers, with biases.
    ("smollm3-window-biases", {
        "model_type": "smollm3", "pad_token_id": None, "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "use_sliding_window": True,
        "sliding_window": 256, "no_rope_layers": [1, 0, 1, 0], "attention_bias": True, "mlp_bias": True,
    }),
    # exaone4: EXAONE 4.0 32B (q/k norms, post-norms, "LLLG": three sliding layers to one full, the full
    # ones without rotary positions).
    ("exaone-4.0-32b", {
        "model_type": "exaone4", "hidden_size": 5120, "intermediate_size": 27392, "num_hidden_layers": 64,
        "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 102400,
        "max_position_embeddings": 131072, "sliding_window": 4096, "sliding_window_pattern": "LLLG",
        "layer_types": ["sliding_attention", "sliding_attention", "sliding_attention", "full_attention"] * 16,
        "rope_theta": 1000000.0, "hidden_act": "silu", "tie_word_embeddings": False,
    }),
    # exaone4: EXAONE 4.0 1.2B (every layer global, a tied head).
    ("exaone-4.0-1.2b", {
        "model_type": "exaone4", "hidden_size": 2048, "intermediate_size": 4096, "num_hidden_layers": 30,
        "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 64, "vocab_size": 102400,
        "max_position_embeddings": 65536, "sliding_window": None, "sliding_window_pattern": None,
        "layer_types": ["full_attention"] * 30, "rope_theta": 1000000.0, "hidden_act": "silu",
        "tie_word_embeddings": True,
    }),
    # exaone4 from a pattern string, with a window the cached sequence passes.
    ("exaone4-pattern-window", {
        "model_type": "exaone4", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 4,
        "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 1000,
        "sliding_window": 256, "sliding_window_pattern": 2,
    }),
    # minimax: MiniMax-Text-01 (lightning attention with a softmax layer every eighth, 32 experts).
    ("minimax-text-01", {
        "model_type": "minimax", "hidden_size": 6144, "intermediate_size": 9216, "num_hidden_layers": 80,
        "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 200064,
        "num_local_experts": 32, "num_experts_per_tok": 2, "block_size": 256, "rotary_dim": 64,
        "layer_types": (["linear_attention"] * 7 + ["full_attention"]) * 10,
        "max_position_embeddings": 10240000, "rope_theta": 10000000, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # minimax: MiniMax-Text-01 in miniature (lightning attention with a softmax layer every eighth,
    # 32 experts), its 80 layers cut to 8 and its width kept.
    ("minimax-text-01-8-layers", {
        "model_type": "minimax", "hidden_size": 6144, "intermediate_size": 9216, "num_hidden_layers": 8,
        "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 200064,
        "num_local_experts": 32, "num_experts_per_tok": 2, "block_size": 256, "rotary_dim": 64,
        "layer_types": ["linear_attention"] * 7 + ["full_attention"], "max_position_embeddings": 10240000,
        "rope_theta": 10000000, "hidden_act": "silu", "tie_word_embeddings": False,
    }),
    # minimax_m2: MiniMax-M2 (q/k norms over the whole projection, half-rotary heads, 256 experts).
    ("minimax-m2", {
        "model_type": "minimax_m2", "hidden_size": 3072, "intermediate_size": 1536, "num_hidden_layers": 62,
        "num_attention_heads": 48, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 200064,
        "num_local_experts": 256, "num_experts_per_tok": 8, "rotary_dim": 64, "use_qk_norm": True,
        "qk_norm_type": "per_layer", "scoring_func": "sigmoid", "use_routing_bias": True,
        "max_position_embeddings": 196608, "rope_theta": 5000000, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # ernie4_5_moe: ERNIE-4.5-21B-A3B (64 experts and two shared ones from layer 1 on).
    ("ernie-4.5-21b-a3b", {
        "model_type": "ernie4_5_moe", "hidden_size": 2560, "intermediate_size": 12288, "num_hidden_layers": 28,
        "num_attention_heads": 20, "num_key_value_heads": 4, "vocab_size": 103424,
        "moe_intermediate_size": 1536, "moe_num_experts": 64, "moe_k": 6, "moe_num_shared_experts": 2,
        "moe_layer_start_index": 1, "moe_layer_end_index": 27, "moe_layer_interval": 1, "use_bias": False,
        "max_position_embeddings": 131072, "rope_theta": 500000, "hidden_act": "silu",
        "tie_word_embeddings": True,
    }),
    # ernie4_5_moe with biases and MoE on every second layer of a range.
    ("ernie-moe-interval-biases", {
        "model_type": "ernie4_5_moe", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 6,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "moe_intermediate_size": 256,
        "moe_num_experts": 8, "moe_k": 2, "moe_num_shared_experts": 0, "moe_layer_start_index": 1,
        "moe_layer_end_index": 4, "moe_layer_interval": 2, "use_bias": True, "tie_word_embeddings": False,
    }),
    # hunyuan_v1_dense: Hunyuan 7B (per-head q/k RMSNorms).
    ("hunyuan-7b", {
        "model_type": "hunyuan_v1_dense", "hidden_size": 4096, "intermediate_size": 14336,
        "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128,
        "vocab_size": 128167, "max_position_embeddings": 32768, "rope_theta": 10000.0,
        "rope_scaling": {"alpha": 1000.0, "factor": 1.0, "type": "dynamic"}, "use_qk_norm": True,
        "attention_bias": False, "mlp_bias": False, "hidden_act": "silu", "tie_word_embeddings": True,
    }),
    # hunyuan_v1_moe: Hunyuan-A13B (64 experts, 8 per token, one shared expert, per-layer lists).
    ("hunyuan-a13b", {
        "model_type": "hunyuan_v1_moe", "hidden_size": 4096, "intermediate_size": 3072,
        "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128,
        "vocab_size": 128167, "num_experts": 64, "moe_topk": [8] * 32, "num_shared_expert": [1] * 32,
        "moe_intermediate_size": [3072] * 32, "max_position_embeddings": 32768, "rope_theta": 10000.0,
        "rope_scaling": {"alpha": 1000.0, "factor": 1.0, "type": "dynamic"}, "use_qk_norm": True,
        "attention_bias": False, "mlp_bias": False, "hidden_act": "silu", "tie_word_embeddings": True,
    }),
    # seed_oss: Seed-OSS-36B (biases on q, k and v only).
    ("seed-oss-36b", {
        "model_type": "seed_oss", "hidden_size": 5120, "intermediate_size": 27648, "num_hidden_layers": 64,
        "num_attention_heads": 80, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 155136,
        "attention_bias": True, "attention_out_bias": False, "mlp_bias": False,
        "max_position_embeddings": 524288, "rope_theta": 10000000.0, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # lfm2: LFM2 1.2B (short convolutions with attention layers among them).
    ("lfm2-1.2b", {
        "model_type": "lfm2", "hidden_size": 2048, "intermediate_size": 12288, "num_hidden_layers": 16,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 65536, "block_multiple_of": 256,
        "block_ffn_dim_multiplier": 1.0, "block_auto_adjust_ff_dim": True, "conv_L_cache": 3,
        "conv_bias": False, "full_attn_idxs": [2, 5, 8, 10, 12, 14],
        "layer_types": ["conv", "conv", "full_attention", "conv", "conv", "full_attention", "conv", "conv",
                        "full_attention", "conv", "full_attention", "conv", "full_attention", "conv",
                        "full_attention", "conv"],
        "max_position_embeddings": 128000, "rope_theta": 1000000.0, "tie_word_embeddings": True,
    }),
    # lfm2 with biased convolutions and a feed-forward width taken as given.
    ("lfm2-bias-fixed-width", {
        "model_type": "lfm2", "hidden_size": 512, "intermediate_size": 1536, "num_hidden_layers": 3,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "conv_L_cache": 4,
        "conv_bias": True, "block_auto_adjust_ff_dim": False,
        "layer_types": ["conv", "full_attention", "conv"], "tie_word_embeddings": False,
    }),
    # nemotron_h: NVIDIA Nemotron Nano 9B v2 (Mamba-2, attention and relu² MLP layers, one block each).
    ("nemotron-nano-9b-v2", {
        "model_type": "nemotron_h", "hidden_size": 4480, "intermediate_size": 15680, "num_hidden_layers": 56,
        "num_attention_heads": 40, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072,
        "mamba_num_heads": 128, "mamba_head_dim": 80, "ssm_state_size": 128, "n_groups": 8,
        "conv_kernel": 4, "expand": 2, "chunk_size": 128, "use_conv_bias": True, "use_bias": False,
        "mlp_bias": False, "mlp_hidden_act": "relu2",
        "hybrid_override_pattern": "M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-",
        "max_position_embeddings": 131072, "tie_word_embeddings": False,
    }),
    # nemotron_h with mixture-of-experts layers ("E"), as Nemotron 3 Nano arranges them.
    ("nemotron-h-moe", {
        "model_type": "nemotron_h", "hidden_size": 512, "intermediate_size": 1024, "num_attention_heads": 8,
        "num_key_value_heads": 2, "head_dim": 64, "vocab_size": 1000, "mamba_num_heads": 16,
        "mamba_head_dim": 32, "ssm_state_size": 64, "n_groups": 4, "conv_kernel": 4, "chunk_size": 64,
        "n_routed_experts": 8, "num_experts_per_tok": 2, "moe_intermediate_size": 256,
        "moe_shared_expert_intermediate_size": 384, "hybrid_override_pattern": "ME*EM-",
        "tie_word_embeddings": False,
    }),
    # falcon_h1: Falcon-H1 7B (attention and Mamba-2 side by side in every layer).
    ("falcon-h1-7b", {
        "model_type": "falcon_h1", "hidden_size": 3072, "intermediate_size": 12288, "num_hidden_layers": 44,
        "num_attention_heads": 12, "num_key_value_heads": 2, "head_dim": 128, "vocab_size": 130049,
        "mamba_d_ssm": 3072, "mamba_n_heads": 24, "mamba_d_head": 128, "mamba_n_groups": 1,
        "mamba_d_state": 256, "mamba_d_conv": 4, "mamba_expand": 2, "mamba_chunk_size": 128,
        "mamba_conv_bias": True, "mamba_proj_bias": False, "mamba_rms_norm": False,
        "projectors_bias": False, "attention_bias": False, "mlp_bias": False,
        "max_position_embeddings": 262144, "rope_theta": 1e11, "hidden_act": "silu",
        "tie_word_embeddings": False,
    }),
    # falcon_h1 with Mamba-2's gated norm and projection biases.
    ("falcon-h1-norm-biases", {
        "model_type": "falcon_h1", "hidden_size": 512, "intermediate_size": 1024, "num_hidden_layers": 3,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 1000, "mamba_d_ssm": 512,
        "mamba_n_heads": 8, "mamba_n_groups": 2, "mamba_d_state": 32, "mamba_chunk_size": 64,
        "mamba_rms_norm": True, "mamba_proj_bias": True, "projectors_bias": True, "attention_bias": True,
        "mlp_bias": True,
    }),
    # Llama 3.1 8B and 70B, Llama 3.3 70B: Llama 3's architectures (aliases in PresetCatalogue).
    ("llama-3.1-8b", {
        "model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
        "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
        "max_position_embeddings": 131072, "rope_theta": 500000.0,
        "rope_scaling": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                         "original_max_position_embeddings": 8192, "rope_type": "llama3"},
        "tie_word_embeddings": False, "attention_bias": False, "mlp_bias": False, "hidden_act": "silu",
    }),
]

CASES = MODELS_JSON + PRESETS + FEATURES + FAMILIES


def build(hf_config, dtype):
    # Config classes write into nested dicts (rope_scaling); keep the case's own config as written.
    config = AutoConfig.for_model(**copy.deepcopy(hf_config))
    # A multimodal model AutoModelForCausalLM does not map (mistral3) is built whole, as a user runs it.
    auto = AutoModelForCausalLM if type(config) in AutoModelForCausalLM._model_mapping else AutoModelForImageTextToText
    with torch.device("meta"):
        model = auto.from_config(
            config, attn_implementation="eager", experts_implementation="batched_mm", dtype=dtype)
    model.eval()
    drop_recurrent_padding_masks()
    return model


def drop_recurrent_padding_masks():
    """transformers returns None for an all-ones mask after `torch.all(mask == 1)`, which meta tensors
    cannot answer; every mask here is all ones, so answer None up front."""
    for module in list(sys.modules.values()):
        if module is not transformers.masking_utils and hasattr(module, "create_recurrent_attention_mask"):
            module.create_recurrent_attention_mask = lambda **kwargs: None


def llama4_top_k_forward(self, hidden_states):
    """Llama4TextMoe with each token through its top-K experts only: the same sigmoid-scaled inputs,
    the same experts, the experts a token is not routed to left out instead of multiplied by zero."""
    hidden_states = hidden_states.reshape(-1, self.hidden_dim)
    logits = torch.nn.functional.linear(hidden_states, self.router.weight)
    top_value, top_index = torch.topk(logits, self.top_k, dim=1)
    scores = torch.sigmoid(top_value.float()).to(hidden_states.dtype)
    routed = hidden_states.repeat_interleave(self.top_k, dim=0) * scores.reshape(-1, 1)
    experts = self.experts
    gate_up = torch.bmm(routed.unsqueeze(1), experts.gate_up_proj[top_index.reshape(-1)]).squeeze(1)
    gate, up = gate_up.chunk(2, dim=-1)
    down = torch.bmm((up * experts.act_fn(gate)).unsqueeze(1), experts.down_proj[top_index.reshape(-1)]).squeeze(1)
    out = self.shared_expert(hidden_states)
    out.add_(down.reshape(-1, self.top_k, self.hidden_dim).sum(dim=1))
    return out, logits


def route_llama4_top_k(model):
    for module in model.modules():
        if type(module).__name__ == "Llama4TextMoe":
            module.forward = llama4_top_k_forward.__get__(module)


TOWER_PREFIXES = ("vision_tower", "vision_model", "multi_modal_projector", "audio_tower", "audio_model")


def tower_parameters(model):
    return sum(p.numel() for n, p in model.named_parameters() if any(t in n for t in TOWER_PREFIXES))


def score_correction_buffers(model):
    return sum(b.numel() for n, b in model.named_buffers() if n.endswith("e_score_correction_bias"))


def inputs(batch, sequence):
    ones = torch.ones(batch, sequence, dtype=torch.long, device="meta")
    return {"input_ids": ones, "attention_mask": ones}


def forward_flops(model, batch, sequence):
    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        model(**inputs(batch, sequence), use_cache=False)
    return counter.get_total_flops()


def tensor_bytes(tensor):
    return tensor.numel() * tensor.element_size() if isinstance(tensor, torch.Tensor) else 0


def cache_bytes(model, batch, sequence):
    """(keys and values, recurrent state) bytes of the cache after a forward pass."""
    with torch.no_grad():
        out = model(**inputs(batch, sequence), use_cache=True)
    cache = out.past_key_values
    key_values = state = 0
    for layer in cache.layers:
        key_values += tensor_bytes(getattr(layer, "keys", None)) + tensor_bytes(getattr(layer, "values", None))
        for states in ("conv_states", "recurrent_states"):
            state += sum(tensor_bytes(t) for t in (getattr(layer, states, None) or {}).values())
    state += sum(tensor_bytes(t) for t in getattr(cache, "linear_cache", []))
    return key_values, state


def measure(name, hf_config):
    source = "models.json" if (name, hf_config) in MODELS_JSON else "generate.py"
    case = {"name": name, "source": source, "hf_config": hf_config}
    model = build(hf_config, torch.float32)
    case["params_total"] = sum(p.numel() for p in model.parameters())
    case["params_towers"] = tower_parameters(model)
    case["score_correction_buffers"] = score_correction_buffers(model)
    route_llama4_top_k(model)
    shapes = FLOP_SHAPES + ([ODD_FLOP_SHAPE] if (name, hf_config) in FAMILIES else [])
    case["forward_flops"] = {f"b{b}_s{s}": forward_flops(model, b, s) for b, s in shapes}
    del model
    model = build(hf_config, torch.bfloat16)
    route_llama4_top_k(model)
    b, s = KV_SHAPE
    key_values, state = cache_bytes(model, b, s)
    case["kv_cache_bytes_bf16"] = {f"b{b}_s{s}": key_values}
    case["state_bytes_bf16"] = {f"b{b}_s{s}": state}
    return case


def check(path):
    """Re-measures every case of a reference file from its hf_config; returns the differences."""
    with open(path) as file:
        cases = json.load(file)["cases"]
    differences = []
    for recorded in cases:
        measured = measure(recorded["name"], recorded["hf_config"])
        # Only what the file records: models.json has no MoE FLOPs and fewer shapes than cases.json.
        if recorded["params_total"] != measured["params_total"]:
            differences.append(f"{recorded['name']} params_total: file {recorded['params_total']}, measured {measured['params_total']}")
        for key in ("forward_flops", "kv_cache_bytes_bf16"):
            for shape, value in (recorded.get(key) or {}).items():
                if measured.get(key, {}).get(shape) != value:
                    differences.append(f"{recorded['name']} {key} {shape}: file {value}, measured {measured.get(key, {}).get(shape)}")
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
    cases = [measure(n, c) for n, c in CASES if not names or n in names]
    about = (
        f"Ground truth from the Hugging Face transformers modelling code (transformers "
        f"{transformers.__version__}, torch {torch.__version__}): each config instantiated on the meta "
        "device with eager attention. params_total is the sum of numel over model.parameters(); "
        "params_towers the part of it in vision or audio towers; score_correction_buffers the routers' "
        "e_score_correction_bias buffers; forward_flops are FlopCounterMode totals (2 FLOPs per "
        "multiply-accumulate, matrix multiplications, convolutions and attention, full s x s attention, "
        "batch b and sequence s as named) for one forward pass, mixtures of experts routed through K "
        "experts per token; kv_cache_bytes_bf16 and state_bytes_bf16 are the key/value and recurrent-state "
        "tensors of the cache after a bf16 forward pass over b x s tokens. Written by generate.py."
    )
    json.dump({"about": about, "cases": cases}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
