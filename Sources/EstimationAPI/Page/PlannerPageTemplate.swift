/// The page's markup, style and script. `{{…_OPTIONS}}` are filled in by `PlannerPage` from the
/// catalogues. Plain ES2020 and CSS, no build step, nothing loaded from another origin.
enum PlannerPageTemplate {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Abacus: capacity planning</title>
<style>
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #0550ae; --bad: #a40e26; --good: #116329; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f8fa; }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 16px; }
header h1 { font-size: 22px; margin: 16px 0 2px; }
header p { margin: 0 0 12px; color: var(--muted); }
main { display: grid; grid-template-columns: 360px 1fr; gap: 16px; align-items: start; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
form, section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; padding: 6px 10px 8px; }
legend { font-weight: 600; padding: 0 4px; }
label { display: block; margin: 6px 0 2px; }
label.inline { display: inline-flex; gap: 6px; align-items: center; margin-right: 12px; }
input[type=number], select, textarea { width: 100%; font: inherit; padding: 4px 6px; border: 1px solid #8c959f; border-radius: 4px; background: #fff; color: var(--ink); }
textarea { min-height: 5.5em; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
.row { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.hint { color: var(--muted); font-size: 13px; margin: 2px 0 0; }
button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
:focus-visible { outline: 3px solid #fb8f44; outline-offset: 2px; }
#verdict { font-size: 18px; font-weight: 600; margin: 4px 0 8px; }
#verdict.fits { color: var(--good); } #verdict.short { color: var(--bad); }
#serving-verdict { font-weight: 600; margin: 4px 0 8px; }
#serving-verdict.fits { color: var(--good); } #serving-verdict.short { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eaeef2; }
td.num { text-align: right; }
#problem { color: var(--bad); white-space: pre-wrap; }
#warnings li { color: #7d4e00; }
figure { margin: 8px 0 14px; } figure img { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; }
.results { display: grid; gap: 16px; }
</style>
</head>
<body>
<header>
<h1>Abacus: will it fit, and how fast?</h1>
<p>Training memory per GPU, which accelerators fit, and rooflines, from the service's own estimates. Every number on this page is the API's.</p>
</header>
<main>
<form id="planner" novalidate>
<fieldset>
<legend>Model</legend>
<label for="preset">Preset</label>
<select id="preset" name="preset">
{{MODEL_OPTIONS}}
</select>
<label for="config">Or paste a config.json</label>
<textarea id="config" name="config" spellcheck="false" aria-describedby="config-hint" placeholder='{"model_type": "llama", …}'></textarea>
<p class="hint" id="config-hint">When filled, the config is estimated instead of the preset (sent as <code>hf_config</code>); the fits grid needs a preset.</p>
</fieldset>
<fieldset>
<legend>Training step</legend>
<div class="row">
<div><label for="batch_size">Batch</label><input id="batch_size" name="batch_size" type="number" min="1" step="1" value="1" inputmode="numeric"></div>
<div><label for="sequence_length">Sequence</label><input id="sequence_length" name="sequence_length" type="number" min="1" step="1" value="4096" inputmode="numeric"></div>
<div><label for="headroom">Headroom</label><input id="headroom" name="headroom" type="number" min="0" max="0.99" step="0.01" value="0.1" aria-describedby="headroom-hint"></div>
</div>
<p class="hint" id="headroom-hint">Headroom: the fraction of each GPU's memory set aside for the framework, fragmentation and the CUDA context.</p>
<label for="optimizer">Optimizer</label>
<select id="optimizer" name="optimizer">
{{OPTIMIZER_OPTIONS}}
</select>
<label for="activation_recompute">Activation recompute</label>
<select id="activation_recompute" name="activation_recompute">
{{RECOMPUTE_OPTIONS}}
</select>
<label class="inline"><input id="flash_attention" name="flash_attention" type="checkbox" checked> FlashAttention</label>
<label class="inline"><input id="dropout" name="dropout" type="checkbox"> Dropout</label>
</fieldset>
<fieldset>
<legend>Parallelism</legend>
<div class="row">
<div><label for="data">Data (DP)</label><input id="data" name="data" type="number" min="1" step="1" value="8" inputmode="numeric"></div>
<div><label for="tensor">Tensor (TP)</label><input id="tensor" name="tensor" type="number" min="1" step="1" value="1" inputmode="numeric"></div>
<div><label for="pipeline">Pipeline (PP)</label><input id="pipeline" name="pipeline" type="number" min="1" step="1" value="1" inputmode="numeric"></div>
</div>
<label for="zero_stage">ZeRO stage</label>
<select id="zero_stage" name="zero_stage"><option value="0">0: none</option><option value="1">1: optimizer states</option><option value="2">2: + gradients</option><option value="3" selected>3: + weights</option></select>
<p class="hint" id="gpus" aria-live="polite">8 GPUs</p>
</fieldset>
<fieldset>
<legend>Hardware</legend>
<label for="hardware">Accelerator</label>
<select id="hardware" name="hardware">
{{HARDWARE_OPTIONS}}
</select>
</fieldset>
<fieldset>
<legend>Convolutional network (roofline)</legend>
<label for="network">Network</label>
<select id="network" name="network">
{{NETWORK_OPTIONS}}
</select>
<div class="row">
<div><label for="network_batch">Batch</label><input id="network_batch" name="network_batch" type="number" min="1" step="1" value="32" inputmode="numeric"></div>
<div><label for="dtype">Data type</label><select id="dtype" name="dtype">
{{DTYPE_OPTIONS}}
</select></div>
</div>
<label for="network_onnx">Or your own model (ONNX)</label>
<input id="network_onnx" name="network_onnx" type="file" accept=".onnx,application/onnx">
<p class="hint">torch.onnx.export(model, (x,), "model.onnx", optimize=False), up to 32 MiB (docs/onnx.md); it replaces the preset, and is not part of the permalink.</p>
</fieldset>
<fieldset>
<legend>Serving (inference)</legend>
<div class="row">
<div><label for="serving_batch">Batch</label><input id="serving_batch" name="serving_batch" type="number" min="1" step="1" value="1" inputmode="numeric"></div>
<div><label for="prompt_tokens">Prompt</label><input id="prompt_tokens" name="prompt_tokens" type="number" min="1" step="1" value="1024" inputmode="numeric"></div>
<div><label for="generated_tokens">Generated</label><input id="generated_tokens" name="generated_tokens" type="number" min="1" step="1" value="256" inputmode="numeric"></div>
</div>
<label for="serving_tensor">GPUs per replica (tensor parallel)</label>
<input id="serving_tensor" name="serving_tensor" type="number" min="1" step="1" value="1" inputmode="numeric" aria-describedby="serving-hint">
<p class="hint" id="serving-hint">The model above served on the accelerator above (bf16 weights and KV cache, the headroom above): prompt and generated tokens per sequence.</p>
</fieldset>
<button type="submit" id="estimate">Estimate</button>
<a id="permalink" href="#">Permalink to these settings</a>
</form>
<div class="results">
<section class="card" aria-labelledby="results-title">
<h2 id="results-title">Training memory per GPU</h2>
<div id="status" role="status" aria-live="polite">Choose a model and press Estimate.</div>
<div id="problem" role="alert"></div>
<div id="results" aria-live="polite" hidden>
<p id="verdict"></p>
<table aria-describedby="results-title"><thead><tr><th scope="col">per GPU</th><th scope="col" class="num">size</th><th scope="col" class="num">bytes</th></tr></thead><tbody id="numbers"></tbody></table>
<ul id="warnings" aria-label="Warnings"></ul>
</div>
</section>
<section class="card" aria-labelledby="charts-title">
<h2 id="charts-title">Charts</h2>
<figure><img id="chart-memory" alt="Memory per GPU chart: not drawn yet"><figcaption>Memory per GPU against the accelerator's capacity and the fit line (POST /v1/memory/training, Accept: image/svg+xml). <a id="chart-memory-url" hidden>The chart's URL</a></figcaption></figure>
<figure><img id="chart-fits" alt="Fits grid: not drawn yet"><figcaption>Which accelerators fit this model (POST /v1/fits). <a id="chart-fits-url" hidden>The chart's URL</a></figcaption></figure>
<p id="network-summary" aria-live="polite"></p>
<figure><img id="chart-roofline" alt="Network roofline: not drawn yet"><figcaption>The network's layers on the accelerator's roofline (POST /v1/network, a preset or an ONNX upload). <a id="chart-roofline-url" hidden>The chart's URL</a></figcaption></figure>
</section>
<section class="card" aria-labelledby="serving-title">
<h2 id="serving-title">Serving</h2>
<p id="serving-verdict"></p>
<table aria-describedby="serving-title"><thead><tr><th scope="col">per sequence</th><th scope="col" class="num">expected</th><th scope="col" class="num">at the roofs</th></tr></thead><tbody id="serving-numbers"></tbody></table>
<figure><img id="chart-inference" alt="Serving chart: not drawn yet"><figcaption>Prefill and decode operators on the roofline, decode against batch size, and latency against prompt length (POST /v1/inference, Accept: image/svg+xml). <a id="chart-inference-url" hidden>The chart's URL</a></figcaption></figure>
</section>
</div>
</main>
<script>
"use strict";
// Another server's API (it must allow this page's origin: abacus serve --cors-origin); by default this one.
const API = new URLSearchParams(location.search).get("api") || "";
const FITS_ACCELERATORS = ["a100-sxm-80gb", "h100-sxm", "h200-sxm", "b200", "mi300x", "l40s", "rtx-4090"];
const form = document.getElementById("planner");
const fields = ["preset", "config", "batch_size", "sequence_length", "headroom", "optimizer", "activation_recompute",
  "flash_attention", "dropout", "data", "tensor", "pipeline", "zero_stage", "hardware", "network", "network_batch", "dtype"];
const $ = (id) => document.getElementById(id);
const blobs = {};

function state() {
  const s = new URLSearchParams();
  for (const f of fields) {
    const el = $(f);
    s.set(f, el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value);
  }
  return s;
}

function restore(params) {
  for (const f of fields) {
    if (!params.has(f)) continue;
    const el = $(f), v = params.get(f);
    if (el.type === "checkbox") el.checked = v === "1";
    else el.value = v;
  }
}

const int = (id) => Number.parseInt($(id).value, 10);

function trainingBody() {
  const body = {
    batch_size: int("batch_size"), sequence_length: int("sequence_length"),
    optimizer: $("optimizer").value, activation_recompute: $("activation_recompute").value,
    flash_attention: $("flash_attention").checked, dropout: $("dropout").checked,
    parallelism: { data: int("data"), tensor: int("tensor"), pipeline: int("pipeline"), zero_stage: int("zero_stage") },
  };
  return body;
}

function modelMember() {
  const text = $("config").value.trim();
  if (!text) return { model: $("preset").value };
  return { hf_config: JSON.parse(text) };
}

// A JSON body is an object to serialise; any other (an ONNX file) is sent as it is.
async function post(path, body, accept, contentType = "application/json") {
  const response = await fetch(API + path, {
    method: "POST", headers: { "Content-Type": contentType, "Accept": accept },
    body: contentType === "application/json" ? JSON.stringify(body) : body });
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    try {
      const problem = await response.json();
      detail = problem.title + ": " + (problem.errors || []).map((e) => e.field + " " + e.message).join("; ");
      if (!problem.errors || problem.errors.length === 0) detail = problem.title + ": " + (problem.detail || "");
    } catch (_) { /* not problem+json */ }
    throw new Error(path + ": " + detail);
  }
  return response;
}

const GiB = 1024 ** 3;
const sizeText = (bytes) => (bytes / GiB).toFixed(2) + " GiB";
const grouped = (n) => n.toLocaleString("en-US");

function showNumbers(memory) {
  const rows = [["total", memory.per_gpu.total], ["weights", memory.per_gpu.weights], ["gradients", memory.per_gpu.gradients],
    ["master weights", memory.per_gpu.master_weights], ["optimizer states", memory.per_gpu.optimizer_states],
    ["activations", memory.per_gpu.activations], ["logits", memory.per_gpu.logits],
    ["embedding dropout", memory.per_gpu.embedding_dropout]];
  const body = $("numbers");
  body.replaceChildren();
  for (const [name, bytes] of rows) {
    const tr = document.createElement("tr");
    tr.dataset.component = name;
    const th = document.createElement("th"); th.scope = "row"; th.textContent = name;
    const size = document.createElement("td"); size.className = "num"; size.textContent = sizeText(bytes);
    const exact = document.createElement("td"); exact.className = "num"; exact.textContent = grouped(bytes) + " B";
    exact.dataset.bytes = String(bytes);
    tr.append(th, size, exact);
    body.append(tr);
  }
  const fit = memory.fit;
  const verdict = $("verdict");
  const device = $("hardware").selectedOptions[0].textContent;
  const gpus = int("data") * int("tensor") * int("pipeline");
  if (fit.fits) {
    verdict.className = "fits";
    verdict.textContent = "Fits: " + sizeText(fit.required_bytes) + " per GPU of " + sizeText(fit.usable_bytes) + " usable on each of " + gpus + " × " + device + " (" + sizeText(fit.free_bytes) + " free).";
  } else {
    verdict.className = "short";
    verdict.textContent = "Does not fit: " + sizeText(fit.required_bytes) + " per GPU, " + sizeText(fit.short_bytes) + " more than the " + sizeText(fit.usable_bytes) + " usable on each of " + gpus + " × " + device + ".";
  }
  verdict.dataset.fits = String(fit.fits);
  const warnings = $("warnings");
  warnings.replaceChildren();
  for (const text of memory.warnings) {
    const li = document.createElement("li"); li.textContent = text; warnings.append(li);
  }
}

// The GET that draws the same chart (the body in ?body=), for a dashboard's <img src>: shown for a
// JSON request whose request line stays under the server's 8 KiB default; an upload has none.
function showChartURL(id, path, body, contentType = "application/json") {
  const link = $(id + "-url");
  const target = path + "?body=" + encodeURIComponent(JSON.stringify(body));
  link.hidden = contentType !== "application/json" || target.length > 8000;
  if (link.hidden) link.removeAttribute("href");
  else link.href = new URL(API + target, location.href).href;
}

async function drawChart(id, path, body, alt, contentType) {
  showChartURL(id, path, body, contentType);
  const response = await post(path, body, "image/svg+xml", contentType);
  const svg = await response.blob();
  if (blobs[id]) URL.revokeObjectURL(blobs[id]);
  blobs[id] = URL.createObjectURL(svg);
  const img = $(id);
  await new Promise((resolve, reject) => {
    img.onload = resolve;
    img.onerror = () => reject(new Error(path + ": the chart did not render"));
    img.alt = alt;
    img.src = blobs[id];
  });
  img.dataset.rendered = "true";
}

// The network as a request: the preset in JSON, or the chosen ONNX file with its fields in the query.
function networkRequest(hardware) {
  const options = { batch_size: int("network_batch"), dtype: $("dtype").value, hardware };
  const file = $("network_onnx").files[0];
  if (!file) {
    return { path: "/v1/network", body: Object.assign({ network: $("network").value }, options), contentType: "application/json", name: $("network").value };
  }
  return { path: "/v1/network?" + new URLSearchParams(options), body: file, contentType: "application/onnx", name: file.name };
}

async function showNetwork(request) {
  const result = await (await post(request.path, request.body, "application/json", request.contentType)).json();
  const input = result.input, totals = result.totals;
  const source = input.kind === "onnx"
    ? request.name + " (ONNX from " + input.onnx.producer + ", opset " + input.onnx.opset + ", input " + input.onnx.input_name + (input.preset ? "; the layers of " + input.preset : "") + ")"
    : input.preset;
  const latency = result.latency ? "; " + (result.latency.seconds * 1e3).toFixed(3) + " ms per batch, " + result.latency.memory_bound_layers + " of " + result.layers.length + " layers memory-bound" : "";
  $("network-summary").textContent = source + ": " + grouped(totals.parameters) + " parameters, " + grouped(totals.macs) + " MACs per batch of " + result.options.batch_size + latency + ".";
}

async function run() {
  $("problem").textContent = "";
  $("status").textContent = "Estimating…";
  for (const id of ["chart-memory", "chart-fits", "chart-roofline"]) $(id).dataset.rendered = "false";
  history.replaceState(null, "", "#" + state().toString());
  $("permalink").href = location.href;
  try {
    const training = trainingBody();
    const hardware = $("hardware").value;
    const headroom = Number($("headroom").value);
    const memoryBody = Object.assign(modelMember(), training, { hardware, headroom });
    const memory = await (await post("/v1/memory/training", memoryBody, "application/json")).json();
    showNumbers(memory);
    $("results").hidden = false;
    const jobs = [drawChart("chart-memory", "/v1/memory/training", memoryBody, "Memory per GPU for " + ($("config").value.trim() ? "the pasted config" : $("preset").value) + " on " + hardware)];
    jobs.push(runServing(hardware, headroom));
    if (!$("config").value.trim()) {
      const accelerators = FITS_ACCELERATORS.includes(hardware) ? FITS_ACCELERATORS : FITS_ACCELERATORS.concat([hardware]);
      jobs.push(drawChart("chart-fits", "/v1/fits", Object.assign({ models: [$("preset").value], accelerators, headroom }, training),
        "Which of " + accelerators.length + " accelerators fit " + $("preset").value));
    } else {
      $("chart-fits").alt = "Fits grid: needs a preset, not a pasted config";
      $("chart-fits").removeAttribute("src");
      $("chart-fits-url").hidden = true;
    }
    const network = networkRequest(hardware);
    jobs.push(showNetwork(network));
    jobs.push(drawChart("chart-roofline", network.path, network.body, "Roofline of " + network.name + " on " + hardware, network.contentType));
    await Promise.all(jobs);
    $("status").textContent = "Done: " + memory.per_gpu.total.toLocaleString("en-US") + " bytes per GPU; " + (memory.fit.fits ? "fits." : "does not fit.");
  } catch (error) {
    $("status").textContent = "The estimate failed.";
    $("problem").textContent = error.message;
  }
}

function updateGPUs() {
  const n = int("data") * int("tensor") * int("pipeline");
  $("gpus").textContent = Number.isFinite(n) ? n + " GPUs (DP × TP × PP)" : "";
}

// Serving: POST /v1/inference for the same model and hardware; its numbers, then its chart.
fields.push("serving_batch", "prompt_tokens", "generated_tokens", "serving_tensor");

const secondsText = (s) => s < 1 ? (s * 1e3).toFixed(2) + " ms" : s.toFixed(3) + " s";

function servingRow(name, expected, ideal, text) {
  const tr = document.createElement("tr");
  tr.dataset.quantity = name;
  const th = document.createElement("th"); th.scope = "row"; th.textContent = name;
  tr.append(th);
  for (const [kind, value] of [["expected", expected], ["ideal", ideal]]) {
    const td = document.createElement("td"); td.className = "num"; td.textContent = text(value);
    td.dataset[kind] = String(value);
    tr.append(td);
  }
  return tr;
}

function showServing(result) {
  const e = result.expected, i = result.ideal;
  const perSecond = (v) => v.toFixed(1) + " tokens/s";
  $("serving-numbers").replaceChildren(
    servingRow("time to first token", e.time_to_first_token_seconds, i.time_to_first_token_seconds, secondsText),
    servingRow("time per output token", e.time_per_output_token_seconds.mean, i.time_per_output_token_seconds.mean, secondsText),
    servingRow("end to end", e.end_to_end_seconds, i.end_to_end_seconds, secondsText),
    servingRow("tokens per second, whole batch", e.tokens_per_second.aggregate, i.tokens_per_second.aggregate, perSecond));
  const m = result.memory;
  const verdict = $("serving-verdict");
  const gpus = result.options.tensor_parallel.degree;
  const where = gpus === 1 ? "one " + $("hardware").selectedOptions[0].textContent : "each of " + gpus + " GPUs";
  verdict.textContent = (m.fits ? "Fits: " : "Does not fit: ") + sizeText(m.total_bytes) + " (weights " + sizeText(m.weight_bytes)
    + ", KV cache " + sizeText(m.kv_cache_bytes) + ") of " + sizeText(m.usable_bytes) + " usable on " + where + ".";
  verdict.className = m.fits ? "fits" : "short";
  verdict.dataset.fits = String(m.fits);
  verdict.dataset.totalBytes = String(m.total_bytes);
}

async function runServing(hardware, headroom) {
  $("chart-inference").dataset.rendered = "false";
  const body = Object.assign(modelMember(), {
    hardware, headroom, batch_size: int("serving_batch"), prompt_tokens: int("prompt_tokens"),
    generated_tokens: int("generated_tokens"), tensor_parallel: { degree: int("serving_tensor") } });
  showServing(await (await post("/v1/inference", body, "application/json")).json());
  await drawChart("chart-inference", "/v1/inference", body, "Serving " + ($("config").value.trim() ? "the pasted config" : $("preset").value)
    + " on " + hardware + ": operators on the roofline, decode against batch size, latency against prompt length");
}

form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
for (const id of ["data", "tensor", "pipeline"]) $(id).addEventListener("input", updateGPUs);
const initial = new URLSearchParams(location.hash.slice(1));
if ([...initial.keys()].length > 0) {
  restore(initial);
  updateGPUs();
  run();
} else {
  $("preset").value = "llama-3-8b";
  $("hardware").value = "h100-sxm";
  $("network").value = "resnet50";
  $("dtype").value = "bf16";
  updateGPUs();
}
</script>
</body>
</html>
"""#
}
