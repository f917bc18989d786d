"""Checks the manifests in this folder without a cluster: every file parses, the objects refer to
each other correctly (selectors, port names, probes), the drain timing and the security settings
hold, every ABACUS_* variable is a setting the README documents, and, when kubernetes-validate is
installed, each object validates strictly (no unknown fields) against Kubernetes' schemas for the
versions below. Exits 1 naming every problem. CI runs it; by hand:

    pip install pyyaml kubernetes-validate==1.37.0 && python3 deploy/check.py
"""

import math
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
KUBERNETES_VERSIONS = ["1.28.0", "1.33.0", "1.37.0"]

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def load(name):
    with open(HERE / name) as file:
        documents = [d for d in yaml.safe_load_all(file) if d is not None]
    check(len(documents) == 1, f"{name}: expected one object, found {len(documents)}")
    return documents[0]


kustomization = load("kustomization.yaml")
manifests = sorted(p.name for p in HERE.glob("*.yaml") if p.name != "kustomization.yaml")
check(sorted(kustomization.get("resources", [])) == manifests,
      f"kustomization.yaml lists {kustomization.get('resources')}, the folder holds {manifests}")
objects = {name: load(name) for name in manifests}
by_kind = {obj["kind"]: obj for obj in objects.values()}
check(set(by_kind) == {"Deployment", "Service", "PodDisruptionBudget"}, f"kinds: {sorted(by_kind)}")

deployment, service, budget = by_kind["Deployment"], by_kind["Service"], by_kind["PodDisruptionBudget"]
pod = deployment["spec"]["template"]
pod_labels = pod["metadata"]["labels"]


def selects_pods(selector, what):
    check(selector and all(pod_labels.get(k) == v for k, v in selector.items()),
          f"{what} {selector} does not select the pod labels {pod_labels}")


selects_pods(deployment["spec"]["selector"]["matchLabels"], "Deployment selector")
selects_pods(service["spec"]["selector"], "Service selector")
selects_pods(budget["spec"]["selector"]["matchLabels"], "PodDisruptionBudget selector")

containers = pod["spec"]["containers"]
check(len(containers) == 1, "one container expected")
container = containers[0]
port_names = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
check(port_names.get("http") == 8080, f"container port http should be 8080 (the image's ABACUS_PORT): {port_names}")
for port in service["spec"]["ports"]:
    check(port["targetPort"] in port_names, f"Service targetPort {port['targetPort']} is no container port")

for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
    get = container.get(probe, {}).get("httpGet", {})
    check(get.get("path") == "/healthz" and get.get("port") in port_names, f"{probe} should GET /healthz on a named port")

env = {e["name"]: e.get("value") for e in container.get("env", [])}
readme = (ROOT / "README.md").read_text()
for name in env:
    check(f"`{name}`" in readme, f"{name} is not a setting the README's configuration table documents")

# Drain: the preStop sleep, then SIGTERM and the server's grace, all before SIGKILL.
pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
check(pre_stop[0] == "/bin/sleep", f"preStop should sleep: {pre_stop}")
sleep_seconds = float(pre_stop[1])
grace = float(env.get("ABACUS_SHUTDOWN_GRACE", 10))
termination = pod["spec"]["terminationGracePeriodSeconds"]
check(termination > sleep_seconds + grace,
      f"terminationGracePeriodSeconds {termination} must exceed preStop {sleep_seconds} s + shutdown grace {grace} s")

# Non-root, read-only, no privileges; the user is the image's.
pod_security = pod["spec"].get("securityContext", {})
security = container.get("securityContext", {})
uid = re.search(r"useradd[^\n]*--uid (\d+)", (ROOT / "Dockerfile").read_text())
check(pod_security.get("runAsNonRoot") is True, "runAsNonRoot must be true")
check(uid is not None and pod_security.get("runAsUser") == int(uid.group(1)),
      f"runAsUser {pod_security.get('runAsUser')} is not the Dockerfile's user")
check(security.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem must be true")
check(security.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation must be false")
check(security.get("capabilities", {}).get("drop") == ["ALL"], "capabilities must drop ALL")


def cpu(value):
    text = str(value)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def mebibytes(value):
    units = {"Mi": 1, "Gi": 1024}
    return float(value[:-2]) * units[value[-2:]]


resources = container["resources"]
check(cpu(resources["requests"]["cpu"]) <= cpu(resources["limits"]["cpu"]), "CPU request above its limit")
check(mebibytes(resources["requests"]["memory"]) <= mebibytes(resources["limits"]["memory"]), "memory request above its limit")
check(int(env.get("ABACUS_WORKERS", 0)) == math.ceil(cpu(resources["limits"]["cpu"])),
      "ABACUS_WORKERS should match the CPU limit (the default counts the node's cores)")
cache = int(env.get("ABACUS_CACHE_BYTES", 67108864)) / 2**20
check(mebibytes(resources["limits"]["memory"]) >= cache + 128,
      f"the memory limit should leave 128 MiB beside the {cache:.0f} MiB result cache (the README's Kubernetes section)")

try:
    import kubernetes_validate
except ImportError:
    print("kubernetes-validate is not installed: schemas not checked", file=sys.stderr)
else:
    for name, obj in objects.items():
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                problems.append(f"{name} against Kubernetes {version}: {error.message} at {list(error.path)}")

for problem in problems:
    print(f"deploy/check.py: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"deploy: {len(objects)} manifests checked" + (
    f", schemas of Kubernetes {', '.join(KUBERNETES_VERSIONS)}" if "kubernetes_validate" in sys.modules else ""))
