#!/usr/bin/env python3
"""openapi.yaml's response examples are the server's own answers. For every `200` example of an
operation, this asks a running server (POST: the request example of the same name; GET: the path)
and compares its answer with the example's `value`. A GET estimate (`?body=`) shares its POST's
examples (a YAML alias): it is asked with the POST's request example, URL-encoded, and must
answer exactly what the POST does.

  Scripts/openapi-examples.py check URL [openapi.yaml]   exit 1, with a diff, where any differs (CI)
  Scripts/openapi-examples.py write URL [openapi.yaml]   rewrite those values in place

The file's layout is kept: only each example's `value:` block is replaced, JSON indented by two,
text as a literal block. Needs PyYAML (CI's venv has it, through schemathesis). Left out, as
answers that are not fixed: /metrics and /healthz; the catalogues (/v1/models, /v1/models/{name})
whose examples show a few entries; SVG charts, whose examples are shortened. /v1/hardware's example
keeps the accelerators it lists, in the server's order."""
import difflib
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import yaml

UNFIXED_GET_PATHS = {"/metrics", "/healthz", "/v1/models", "/v1/models/{name}"}


def indent(line):
    return len(line) - len(line.lstrip(" "))


class Document:
    """openapi.yaml as lines, with blocks found by their key paths (YAML's own layout)."""

    def __init__(self, text):
        self.lines = text.split("\n")

    def find(self, start, end, key, parent_indent):
        """The first `key:` in [start, end) indented deeper than its parent; (line, block end)."""
        pattern = re.compile(r"^\s*" + re.escape(key) + r":(\s|$)")
        for i in range(start, end):
            line = self.lines[i]
            if line.strip() and indent(line) > parent_indent and pattern.match(line):
                j = i + 1
                while j < end and (not self.lines[j].strip() or indent(self.lines[j]) > indent(line)):
                    j += 1
                return i, j
        raise KeyError(key)

    def block(self, keys):
        start, end, parent = 0, len(self.lines), -1
        for key in keys:
            start, end = self.find(start, end, key, parent)
            parent = indent(self.lines[start])
        return start, end

    def replace_value(self, keys, text, is_json):
        start, end = self.block(keys)
        value, value_end = self.find(start, end, "value", indent(self.lines[start]))
        pad = " " * (indent(self.lines[value]) + 2)
        head = self.lines[value].split("value:")[0]
        if is_json:
            body = json.dumps(json.loads(text), indent=2, ensure_ascii=False).split("\n")
            new = [pad + line for line in body]
            self.lines[value] = head + "value:"
        else:
            new = [pad + line if line else "" for line in text.rstrip("\n").split("\n")]
            self.lines[value] = head + "value: |"
        while value_end > value + 1 and not self.lines[value_end - 1].strip():
            value_end -= 1  # blank lines after the block belong to the layout
        self.lines[value + 1 : value_end] = new

    @property
    def text(self):
        return "\n".join(self.lines)


def fetch(base, method, path, body=None, accept="application/json"):
    request = urllib.request.Request(
        base + path, method=method, data=body, headers={"Accept": accept, "Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def regenerated(text, base):
    """The document with every fixed 200 example replaced by the server's answer, the requests that
    failed, and how many examples were answered."""
    document, spec, failures, compared = Document(text), yaml.safe_load(text), [], 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            # A GET estimate is its POST with the body in the query: the POST's request examples.
            by_url = method == "get" and "post" in operations
            request_examples = (
                operations["post" if by_url else method]
                .get("requestBody", {}).get("content", {}).get("application/json", {}).get("examples", {})
            )
            for media_type, content in operation.get("responses", {}).get("200", {}).get("content", {}).items():
                for name, example in content.get("examples", {}).items():
                    keys = ["paths", path, method, "responses", "'200'", "content", media_type, "examples", name]
                    try:
                        if method == "post" or by_url:
                            if media_type == "image/svg+xml" or name not in request_examples:
                                continue
                            body = json.dumps(request_examples[name]["value"])
                            answer = fetch(base, "POST", path, body.encode(), accept=media_type)
                            if by_url:
                                query = "?" + urllib.parse.urlencode({"body": body})
                                if fetch(base, "GET", path + query, accept=media_type) != answer:
                                    failures.append(f"GET {path} ({name}): not the POST's answer")
                                compared += 1
                                continue  # its examples are the POST's (a YAML alias), written there
                        elif path in UNFIXED_GET_PATHS:
                            continue
                        else:
                            answer = fetch(base, "GET", path)
                            if path == "/v1/hardware":
                                shown = {entry["name"] for entry in example["value"]["hardware"]}
                                listed = json.loads(answer)["hardware"]
                                answer = json.dumps({"hardware": [h for h in listed if h["name"] in shown]})
                    except urllib.error.HTTPError as error:
                        failures.append(f"{method.upper()} {path} ({name}): {error.code} {error.read().decode()[:400]}")
                        continue
                    document.replace_value(keys, answer, is_json=media_type != "text/plain")
                    compared += 1
    return document.text, failures, compared


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("check", "write"):
        sys.exit(__doc__)
    mode, base = sys.argv[1], sys.argv[2].rstrip("/")
    path = sys.argv[3] if len(sys.argv) == 4 else "openapi.yaml"
    with open(path) as file:
        original = file.read()
    updated, failures, compared = regenerated(original, base)
    for failure in failures:
        print("failed:", failure, file=sys.stderr)
    if mode == "write":
        with open(path, "w") as file:
            file.write(updated)
    elif updated != original:
        diff = difflib.unified_diff(
            original.split("\n"), updated.split("\n"), f"{path} (examples)", f"{path} (the server's answers)", lineterm=""
        )
        print("\n".join(diff))
        print(f"{path}: examples differ from the server's answers; `{sys.argv[0]} write {base}` updates them")
        sys.exit(1)
    if failures:
        sys.exit(1)
    print(f"{path}: all {compared} fixed 200 examples are the server's answers")


main()
