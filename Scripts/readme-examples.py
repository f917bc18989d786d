#!/usr/bin/env python3
"""README.md's console examples are what the service prints. Each ```console block is a run of
`$ command` lines, each followed by its output; this runs every command again, against a server on
PORT (for `localhost:8080`) and the abacus binary BINARY (for `swift run abacus` and `abacus`), and
compares the outputs.

  Scripts/readme-examples.py check PORT BINARY [README.md]   exit 1, with a diff, where any differs
  Scripts/readme-examples.py write PORT BINARY [README.md]   rewrite those outputs in place

Start the server first: `swift build -c release && .build/release/abacus serve --port 18080 &`.
Needs bash, curl and jq. The commands run in a scratch directory. Kept as written: commands that
start a server of their own (`abacus serve …`) and those aimed at one (a CORS origin), /metrics (its
counts depend on what ran before), and commands reading a file no earlier command wrote (the ONNX
exports). `Date:` lines keep their text. `VAR=$(…)` lines print nothing and run before the block's later
commands."""
import difflib
import os
import re
import subprocess
import sys
import tempfile

ASSIGNMENT = re.compile(r"^\w+=\$\(")
FILE_ARGUMENT = re.compile(r"@([\w./-]+)")


def is_kept(command, directory):
    """Whether a command's output is kept as written, rather than run again."""
    if "curl" not in command and "abacus" not in command:
        return True
    if re.search(r"\babacus serve\b", command) or "dash.example" in command or "/metrics" in command:
        return True
    return any(not os.path.exists(os.path.join(directory, name)) for name in FILE_ARGUMENT.findall(command))


def run(command, port, binary, directory):
    command = command.replace("localhost:8080", f"localhost:{port}").replace("swift run abacus", binary)
    command = re.sub(r"(^|[|;&(]\s*)abacus\b", lambda match: match.group(1) + binary, command)
    # One stream, as a terminal interleaves them.
    result = subprocess.run(
        ["bash", "-c", command], cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60
    )
    return result.stdout.rstrip("\n").replace(binary, "abacus").split("\n")


def commands(block):
    """A console block's (command lines, output lines) pairs. A command goes on while a line ends
    in a backslash or a quote is open."""
    pairs, j = [], 0
    while j < len(block):
        if not block[j].startswith("$ "):
            raise ValueError(f"a console block's line is neither a command nor its output: {block[j]!r}")
        command = [block[j]]
        j += 1
        while j < len(block) and (command[-1].endswith("\\") or "\n".join(command).count("'") % 2 == 1):
            command.append(block[j])
            j += 1
        output = []
        while j < len(block) and not block[j].startswith("$ "):
            output.append(block[j])
            j += 1
        pairs.append((command, output))
    return pairs


def regenerated(lines, port, binary, directory):
    """The lines with every command's output as it is now, and how many commands ran."""
    out, i, ran = [], 0, 0
    while i < len(lines):
        out.append(lines[i])
        i += 1
        if out[-1] != "```console":
            continue
        block = []
        while lines[i] != "```":
            block.append(lines[i])
            i += 1
        assignments = []
        for command_lines, output in commands(block):
            command = "\n".join(command_lines)[2:]
            if ASSIGNMENT.match(command):
                assignments.append(command)
                new_output = output
            elif is_kept(command, directory):
                new_output = output
            else:
                new_output = run("\n".join(assignments + [command]), port, binary, directory)
                ran += 1
                dates = [line for line in output if line.startswith("Date: ")]
                new_output = [dates.pop(0) if line.startswith("Date: ") and dates else line for line in new_output]
                if new_output == [""]:
                    new_output = []  # a command that prints nothing
            out.extend(command_lines)
            out.extend(new_output)
    return out, ran


def main():
    if len(sys.argv) not in (4, 5) or sys.argv[1] not in ("check", "write"):
        sys.exit(__doc__)
    mode, port, binary = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    path = sys.argv[4] if len(sys.argv) == 5 else "README.md"
    with open(path) as file:
        original = file.read().split("\n")
    # The commands run in a scratch directory: some write files (`> qwen3-8b.json`) that later ones read.
    with tempfile.TemporaryDirectory() as directory:
        updated, ran = regenerated(original, port, binary, directory)
    if mode == "write":
        with open(path, "w") as file:
            file.write("\n".join(updated))
    elif updated != original:
        print("\n".join(difflib.unified_diff(original, updated, f"{path}", f"{path} (run again)", lineterm="")))
        print(f"{path}: console outputs differ; `{sys.argv[0]} write {port} {sys.argv[3]}` updates them")
        sys.exit(1)
    print(f"{path}: {ran} console commands run again, and their outputs are as written")


main()
