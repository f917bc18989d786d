"""Drives the page at GET / in headless Chromium against a running server (issue 12).

Fills the form the way a user would (Llama-3-70B, 8 × H100 SXM, ZeRO-3, 8k context; served on 4
H100s), presses Estimate, and checks that every number shown equals the API's own JSON for the same
request (training memory and serving latencies), that every chart rendered as an image and links
the GET URL that draws it again, that the permalink restores the form, that an uploaded ONNX model is counted and drawn, and that the browser
logged no errors. Screenshots go to the folder given (CI keeps it). Usage:

    browser_check.py BASE_URL SCREENSHOT_DIR
"""
import json
import sys
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, SHOTS = sys.argv[1].rstrip("/"), Path(sys.argv[2])
SHOTS.mkdir(parents=True, exist_ok=True)
CHARTS = ["chart-memory", "chart-fits", "chart-roofline", "chart-inference"]
FAILURES = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        FAILURES.append(message)


def api(path, body):
    request = urllib.request.Request(
        BASE + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def set_value(driver, element_id, value):
    element = driver.find_element(By.ID, element_id)
    element.clear()
    element.send_keys(str(value))


def wait_for_results(driver):
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(
        "return document.getElementById('status').textContent.startsWith('Done')"
        " || document.getElementById('problem').textContent !== ''"))
    problem = driver.find_element(By.ID, "problem").text
    check(problem == "", f"the page reports no problem ({problem!r})")


def shown_bytes(driver):
    return {row.get_attribute("data-component"): int(row.find_element(By.CSS_SELECTOR, "td[data-bytes]").get_attribute("data-bytes"))
            for row in driver.find_elements(By.CSS_SELECTOR, "#numbers tr")}


def check_charts(driver, charts=CHARTS):
    for chart in charts:
        state = driver.execute_script(
            "const i = document.getElementById(arguments[0]);"
            "return [i.dataset.rendered, i.complete, i.naturalWidth, i.naturalHeight, i.alt];", chart)
        check(state[0] == "true" and state[1] and state[2] > 0 and state[3] > 0,
              f"{chart} rendered ({state[2]}×{state[3]}, alt {state[4]!r})")


def check_chart_urls(driver, charts=CHARTS):
    """Each drawn chart links the GET that draws it again: the same SVG, named by its ETag."""
    for chart in charts:
        href = driver.find_element(By.ID, chart + "-url").get_attribute("href")
        check(href is not None and "?body=" in href, f"{chart} links its URL ({href and href[:80]!r})")
        if not href:
            continue
        request = urllib.request.Request(href, headers={"Accept": "image/svg+xml"})
        with urllib.request.urlopen(request, timeout=30) as response:
            svg = response.read()
            check(response.headers["Content-Type"] == "image/svg+xml" and svg.startswith(b"<svg"),
                  f"{chart}'s URL answers its SVG ({len(svg)} bytes, ETag {response.headers['ETag']})")


def check_serving(driver, expected):
    """The serving section shows /v1/inference's own numbers for the same request."""
    rows = {row.get_attribute("data-quantity"): row for row in driver.find_elements(By.CSS_SELECTOR, "#serving-numbers tr")}
    fields = {"time to first token": lambda l: l["time_to_first_token_seconds"],
              "time per output token": lambda l: l["time_per_output_token_seconds"]["mean"],
              "end to end": lambda l: l["end_to_end_seconds"],
              "tokens per second, whole batch": lambda l: l["tokens_per_second"]["aggregate"]}
    check(set(rows) == set(fields), f"every serving figure is shown ({sorted(rows)})")
    for label, field in fields.items():
        cells = rows[label].find_elements(By.CSS_SELECTOR, "td") if label in rows else []
        shown = [float(cells[0].get_attribute("data-expected")), float(cells[1].get_attribute("data-ideal"))] if len(cells) == 2 else None
        wanted = [field(expected["expected"]), field(expected["ideal"])]
        check(shown == wanted, f"{label}: shown {shown} = API {wanted}")
    verdict = driver.find_element(By.ID, "serving-verdict")
    memory = expected["memory"]
    check(verdict.get_attribute("data-fits") == str(memory["fits"]).lower()
          and int(verdict.get_attribute("data-total-bytes")) == memory["total_bytes"],
          f"serving verdict {verdict.text!r} agrees with memory.fits = {memory['fits']}, {memory['total_bytes']} B")


options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2200"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)
try:
    driver.get(BASE + "/")
    # "Does Llama-3-70B train on 8 H100s with ZeRO-3 at 8k context?", clicked.
    Select(driver.find_element(By.ID, "preset")).select_by_value("llama-3-70b")
    Select(driver.find_element(By.ID, "hardware")).select_by_value("h100-sxm")
    set_value(driver, "sequence_length", 8192)
    set_value(driver, "data", 8)
    Select(driver.find_element(By.ID, "zero_stage")).select_by_value("3")
    Select(driver.find_element(By.ID, "activation_recompute")).select_by_value("full")
    # And serving it: 4 sequences of 2,048 + 128 tokens on 4 H100s.
    for field, value in {"serving_batch": 4, "prompt_tokens": 2048, "generated_tokens": 128, "serving_tensor": 4}.items():
        set_value(driver, field, value)
    driver.find_element(By.ID, "estimate").click()
    wait_for_results(driver)

    expected = api("/v1/memory/training", {
        "model": "llama-3-70b", "hardware": "h100-sxm", "headroom": 0.1, "batch_size": 1, "sequence_length": 8192,
        "optimizer": "adamw-16", "activation_recompute": "full", "flash_attention": True, "dropout": False,
        "parallelism": {"data": 8, "tensor": 1, "pipeline": 1, "zero_stage": 3}})
    names = {"total": "total", "weights": "weights", "gradients": "gradients", "master weights": "master_weights",
             "optimizer states": "optimizer_states", "activations": "activations", "logits": "logits",
             "embedding dropout": "embedding_dropout"}
    shown = shown_bytes(driver)
    check(set(shown) == set(names), f"every component is shown ({sorted(shown)})")
    for label, field in names.items():
        check(shown.get(label) == expected["per_gpu"][field], f"{label}: shown {shown.get(label)} = API {expected['per_gpu'][field]}")
    verdict = driver.find_element(By.ID, "verdict")
    check(verdict.get_attribute("data-fits") == str(expected["fit"]["fits"]).lower(),
          f"verdict {verdict.text!r} agrees with fit.fits = {expected['fit']['fits']}")
    serving = api("/v1/inference", {
        "model": "llama-3-70b", "hardware": "h100-sxm", "headroom": 0.1, "batch_size": 4, "prompt_tokens": 2048,
        "generated_tokens": 128, "tensor_parallel": {"degree": 4}})
    check_serving(driver, serving)
    check_charts(driver)
    check_chart_urls(driver)
    driver.save_screenshot(str(SHOTS / "page-llama-3-70b-8xh100-zero3.png"))
    driver.execute_script("document.getElementById('serving-title').scrollIntoView()")
    driver.save_screenshot(str(SHOTS / "page-llama-3-70b-serving-4xh100.png"))

    # The permalink restores the form in a fresh page and estimates at once.
    permalink = driver.find_element(By.ID, "permalink").get_attribute("href")
    driver.get("about:blank")
    driver.get(permalink)
    wait_for_results(driver)
    restored = {i: driver.find_element(By.ID, i).get_attribute("value") for i in ["preset", "hardware", "sequence_length", "data", "zero_stage", "activation_recompute"]}
    check(restored == {"preset": "llama-3-70b", "hardware": "h100-sxm", "sequence_length": "8192", "data": "8",
                       "zero_stage": "3", "activation_recompute": "full"}, f"the permalink restores the form ({restored})")
    check(shown_bytes(driver) == shown, "the permalink shows the same numbers")
    check(driver.find_element(By.ID, "serving_tensor").get_attribute("value") == "4", "the permalink restores the serving fields")
    check_serving(driver, serving)
    check_charts(driver)

    # A pasted config.json: the preset's own config gives the preset's numbers.
    with urllib.request.urlopen(BASE + "/v1/models/llama-3-8b", timeout=30) as response:
        config = json.load(response)["config"]
    Select(driver.find_element(By.ID, "preset")).select_by_value("gpt2")
    driver.find_element(By.ID, "config").send_keys(json.dumps(config))
    driver.find_element(By.ID, "estimate").click()
    WebDriverWait(driver, 60).until(lambda d: "llama" in d.execute_script("return location.hash"))
    wait_for_results(driver)
    by_preset = api("/v1/memory/training", {
        "model": "llama-3-8b", "hardware": "h100-sxm", "headroom": 0.1, "sequence_length": 8192,
        "activation_recompute": "full", "flash_attention": True, "dropout": False,
        "parallelism": {"data": 8, "zero_stage": 3}})
    check(shown_bytes(driver)["total"] == by_preset["per_gpu"]["total"], "a pasted config.json shows the API's total")
    driver.save_screenshot(str(SHOTS / "page-pasted-config.png"))

    # An ONNX export uploaded in the network section: the export of resnet50 is that preset, so the
    # summary shows the preset's parameter count and the roofline is drawn from the upload.
    model = Path(__file__).resolve().parents[1] / "Tests/ONNXReference/models/resnet50.unoptimized.onnx"
    driver.find_element(By.ID, "network_onnx").send_keys(str(model))
    driver.find_element(By.ID, "estimate").click()
    WebDriverWait(driver, 60).until(lambda d: "resnet50.unoptimized.onnx" in d.find_element(By.ID, "network-summary").text)
    wait_for_results(driver)
    preset = api("/v1/network", {"network": "resnet50", "hardware": "h100-sxm"})
    summary = driver.find_element(By.ID, "network-summary").text
    check(f"{preset['totals']['parameters']:,} parameters" in summary and "ONNX" in summary,
          f"the uploaded model's summary shows the preset's parameters ({summary!r})")
    check_charts(driver, ["chart-roofline"])  # the pasted config above leaves no fits grid
    check(not driver.find_element(By.ID, "chart-roofline-url").is_displayed(), "an uploaded model's chart has no URL")
    driver.save_screenshot(str(SHOTS / "page-onnx-upload.png"))

    errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    check(errors == [], f"no console errors ({errors})")
finally:
    driver.quit()

if FAILURES:
    print(f"browser check: {len(FAILURES)} failed")
    sys.exit(1)
print("browser check: passed")
