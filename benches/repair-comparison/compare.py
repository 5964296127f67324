#!/usr/bin/env python3
"""Compare jsonseam with the JSON repair tools json_repair (PyPI) and jsonrepair (npm).

The script installs pinned versions of the peers in a scratch folder outside the
repository, builds the jsonseam CLI, runs every tool on every case under corpus/, sorts
each result against the case's expected.json and writes docs/repair-comparison.md.

Usage, from anywhere (--help lists the options):

    python3 benches/repair-comparison/compare.py [--work-dir DIR] [--output FILE]

The script itself uses only the standard library. It needs cargo, Node.js with npm (run
here with Node.js 20), and on the first run access to PyPI and the npm registry.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

SCRIPT_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPT_DIR.parent.parent

# Exact versions installed in the venv: json-repair, jsonschema (which json_repair's
# `schema=` argument imports) and jsonschema's own dependencies, so that reruns match.
PYPI_REQUIREMENTS = [
    "json-repair==0.64.6",
    "jsonschema==4.25.1",
    "jsonschema-specifications==2025.9.1",
    "referencing==0.37.0",
    "rpds-py==2026.9.1",
    "attrs==26.1.0",
    "typing_extensions==4.16.0",
]
NPM_REQUIREMENT = "jsonrepair@3.15.0"

# Seconds before one jsonseam process, or one peer process over the whole corpus, is
# killed and the run fails.
JSONSEAM_TIMEOUT = 60
PEER_TIMEOUT = 600

# Tools in the order of the tables. The last one runs json_repair with the case's schema,
# in addition to the two peers as callers use them by default.
TOOLS = [
    ("jsonseam", "jsonseam"),
    ("json_repair", "json_repair"),
    ("jsonrepair", "jsonrepair (npm)"),
    ("json_repair_schema", "json_repair, schema="),
]
CATEGORIES = ["right", "rejected", "wrong", "silent change", "accepted invalid"]

# Rejection kinds that a tool may miss while still returning the input's own value,
# because they come from a schema or a limit that the tool does not check. A returned
# value that equals the input's value counts as `accepted invalid` there. For every other
# kind (syntax, truncated, no_json, duplicate_key, invalid_utf8) the input has no single
# value that a tool could return unchanged, so any returned value counts as wrong.
POLICY_KINDS = {"schema", "depth_limit", "whitespace_limit", "repair_limit"}

# Limit flags given to jsonseam when it computes an input's value, so that no limit
# rejects it. Each value is far above what any case needs.
NO_LIMIT_FLAGS = {"--max-depth": "100000", "--max-repairs": "1000000000", "--max-whitespace-run": "1000000000"}

# Options of expected.json that map to a flag of `jsonseam check`, with the flag's form.
FLAG_OPTIONS = {
    "strict": lambda value: ["--strict"] if value else [],
    "repair": lambda value: ["--repair", "none" if value == "strict" else value],
    "allow_non_finite": lambda value: ["--allow-non-finite"] if value else [],
    "allow_duplicate_keys": lambda value: ["--allow-duplicate-keys"] if value else [],
    "unknown_keywords": lambda value: ["--unknown-keywords"] if value else [],
    "max_depth": lambda value: ["--max-depth", str(value)],
    "max_bytes": lambda value: ["--max-bytes", str(value)],
    "max_string_bytes": lambda value: ["--max-string-bytes", str(value)],
    "max_repairs": lambda value: ["--max-repairs", str(value)],
    "max_whitespace_run": lambda value: ["--max-whitespace-run", str(value)],
}

# Maximum length, in characters, of a value or input excerpt in a table cell.
CELL_CHARS = 60


# ---------------------------------------------------------------------------------------
# JSON values compared by meaning


class JsonNumber:
    """A JSON number that compares by exact decimal value and keeps its text for display."""

    __slots__ = ("text", "value")

    def __init__(self, text):
        self.text = text
        self.value = Decimal(text)

    def __eq__(self, other):
        return isinstance(other, JsonNumber) and self.value == other.value

    __hash__ = None


class JsonConstant:
    """A non-JSON constant (`NaN`, `Infinity`, `-Infinity`) that Python's json module accepts."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, JsonConstant) and self.text == other.text

    __hash__ = None


class JsonObject:
    """A JSON object that keeps every member, duplicates included.

    Two objects are equal when they have the same members regardless of member order,
    except that members sharing a key must come in the same order, because a consumer
    that keeps the last occurrence would see a different value otherwise.
    """

    __slots__ = ("pairs",)

    def __init__(self, pairs):
        self.pairs = pairs

    def _by_key(self):
        return sorted(self.pairs, key=lambda pair: pair[0])

    def __eq__(self, other):
        return isinstance(other, JsonObject) and self._by_key() == other._by_key()

    __hash__ = None


def _reject_constant(text):
    raise ValueError(f"{text} is not JSON")


def parse_json(text, allow_constants=True):
    """Parse JSON text into values that compare by meaning (see JsonNumber, JsonObject).

    Raises ValueError on invalid JSON. `allow_constants` accepts NaN and Infinity as
    Python's json.loads does by default.
    """
    return json.loads(
        text,
        parse_float=JsonNumber,
        parse_int=JsonNumber,
        parse_constant=JsonConstant if allow_constants else _reject_constant,
        object_pairs_hook=JsonObject,
    )


def format_json(value):
    """Write a parsed value back as compact JSON, with numbers as the tool wrote them."""
    if isinstance(value, JsonObject):
        members = (f"{format_json(key)}:{format_json(item)}" for key, item in value.pairs)
        return "{" + ",".join(members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(format_json(item) for item in value) + "]"
    if isinstance(value, (JsonNumber, JsonConstant)):
        return value.text
    # Strings, booleans and null. ensure_ascii=False keeps text readable in the page.
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    name: str
    folder: Path
    expected: dict
    input_bytes: bytes
    schema: object
    expected_value: object = None
    # Input decoded as UTF-8 with errors="surrogateescape": bytes that are not UTF-8
    # become lone surrogates U+DC80..U+DCFF, which both peers accept inside strings.
    text: str = ""
    is_utf8: bool = True
    jsonseam_flags: list = field(default_factory=list)
    unmapped_options: list = field(default_factory=list)

    @property
    def options(self):
        return self.expected.get("options") or {}

    @property
    def strict(self):
        return self.options.get("strict") is True

    @property
    def valid(self):
        return self.expected.get("valid") is True


def load_cases(corpus):
    """Read every complete case folder under `corpus`, sorted by name.

    Returns the cases and a list of (folder name, reason) for folders that were skipped,
    such as a folder that another process is still writing.
    """
    cases = []
    skipped = []
    for folder in sorted(path for path in corpus.iterdir() if path.is_dir()):
        missing = [name for name in ("schema.json", "input.txt", "expected.json") if not (folder / name).is_file()]
        if missing:
            skipped.append((folder.name, "missing " + ", ".join(missing)))
            continue
        try:
            expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
            schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            skipped.append((folder.name, f"expected.json or schema.json is not valid JSON: {error}"))
            continue
        if not isinstance(expected.get("valid"), bool):
            skipped.append((folder.name, 'expected.json has no boolean "valid"'))
            continue

        input_bytes = (folder / "input.txt").read_bytes()
        case = Case(folder.name, folder, expected, input_bytes, schema)
        if case.valid:
            try:
                case.expected_value = parse_json(expected["output"], allow_constants=False)
            except (KeyError, TypeError, ValueError) as error:
                skipped.append((folder.name, f'expected "output" is missing or not JSON: {error}'))
                continue
        try:
            input_bytes.decode("utf-8")
        except UnicodeDecodeError:
            case.is_utf8 = False
        case.text = input_bytes.decode("utf-8", errors="surrogateescape")

        for option, setting in case.options.items():
            to_flags = FLAG_OPTIONS.get(option)
            if to_flags is None:
                case.unmapped_options.append(f"{option}={json.dumps(setting)}")
            else:
                case.jsonseam_flags.extend(to_flags(setting))
        cases.append(case)
    return cases, skipped


# ---------------------------------------------------------------------------------------
# Tool runs


@dataclass
class ToolResult:
    """One tool's result on one case.

    `kind` is one of:

    - "value": the tool returned JSON, parsed into `value`;
    - "rejected": exit status 1, an exception, or output that is empty or not JSON, with
      the reason in `message`;
    - "error": the tool failed to run (exit status 2, a crash or a time-out).
    """

    kind: str
    value: object = None
    output: str = ""
    message: str = ""
    report: dict | None = None
    seconds: float = 0.0


def run_command(command, **kwargs):
    """Run a setup command, echo it, and raise with its output when it fails."""
    print("+", shlex.join(str(part) for part in command), flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    if completed.returncode != 0:
        raise SystemExit(
            f"command failed with exit status {completed.returncode}: {shlex.join(str(p) for p in command)}\n"
            f"{completed.stdout}{completed.stderr}"
        )
    return completed.stdout


def install_peers(work_dir):
    """Install the pinned peers under `work_dir` and return their installed versions.

    Reuses an earlier install when the installed versions already match the pins.
    """
    venv = work_dir / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        run_command([sys.executable, "-m", "venv", str(venv)])
    freeze = run_command([str(python), "-m", "pip", "freeze", "--disable-pip-version-check"])
    installed = {line.strip().lower().replace("_", "-") for line in freeze.splitlines()}
    if not all(pin.lower().replace("_", "-") in installed for pin in PYPI_REQUIREMENTS):
        run_command(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PYPI_REQUIREMENTS]
        )

    npm_prefix = work_dir / "npm"
    package_json = npm_prefix / "node_modules" / "jsonrepair" / "package.json"
    pinned_npm_version = NPM_REQUIREMENT.split("@", 1)[1]
    if not package_json.exists() or json.loads(package_json.read_text())["version"] != pinned_npm_version:
        npm_prefix.mkdir(parents=True, exist_ok=True)
        run_command(
            ["npm", "install", "--prefix", str(npm_prefix), "--no-audit", "--no-fund", "--save-exact", NPM_REQUIREMENT]
        )

    versions = {
        "json-repair": run_command(
            [str(python), "-c", "from importlib.metadata import version; print(version('json-repair'))"]
        ).strip(),
        "jsonschema": run_command(
            [str(python), "-c", "from importlib.metadata import version; print(version('jsonschema'))"]
        ).strip(),
        "jsonrepair": json.loads(package_json.read_text())["version"],
        "venv Python": run_command([str(python), "--version"]).strip().removeprefix("Python "),
        "Node.js": run_command(["node", "--version"]).strip(),
    }
    return python, npm_prefix, versions


def build_jsonseam():
    """Build the release CLI and return the binary's path and the rustc version."""
    run_command(["cargo", "build", "--release", "-p", "jsonseam-cli"], cwd=REPO_ROOT)
    metadata = json.loads(run_command(["cargo", "metadata", "--format-version", "1", "--no-deps"], cwd=REPO_ROOT))
    binary = Path(metadata["target_directory"]) / "release" / "jsonseam"
    if not binary.exists():
        raise SystemExit(f"cargo build succeeded but {binary} is missing")
    rustc = run_command(["rustc", "--version"], cwd=REPO_ROOT).strip()
    return binary, rustc


def run_jsonseam(binary, schema_path, input_path, flags):
    """Run `jsonseam check` once with a JSON report and return its result."""
    command = [str(binary), "check", "--schema", str(schema_path), str(input_path), "--report", "json", *flags]
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, capture_output=True, timeout=JSONSEAM_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return ToolResult("error", message=f"timed out after {JSONSEAM_TIMEOUT} s", seconds=JSONSEAM_TIMEOUT)
    seconds = time.perf_counter() - start

    stderr = completed.stderr.decode("utf-8", errors="replace")
    report = None
    lines = stderr.strip().splitlines()
    if lines:
        try:
            report = json.loads(lines[-1])
        except ValueError:
            report = None

    if completed.returncode == 0:
        output = completed.stdout.decode("utf-8", errors="surrogateescape").rstrip("\n")
        try:
            value = parse_json(output, allow_constants=False)
        except ValueError as error:
            return ToolResult("error", output=output, message=f"exit 0 but stdout is not JSON: {error}", seconds=seconds)
        return ToolResult("value", value=value, output=output, report=report, seconds=seconds)
    if completed.returncode == 1 and report and report.get("divergence"):
        divergence = report["divergence"]
        message = f"{divergence.get('kind')} at byte {divergence.get('offset')}"
        return ToolResult("rejected", message=message, report=report, seconds=seconds)
    return ToolResult("error", message=f"exit {completed.returncode}: {stderr.strip()[:200]}", seconds=seconds)


def peer_result(call):
    """Turn one peer call from a runner's results into a ToolResult."""
    seconds = call["ns"] / 1e9
    if "error" in call:
        return ToolResult("rejected", message="raises " + call["error"], seconds=seconds)
    output = call["output"]
    if not isinstance(output, str) or not output.strip():
        return ToolResult("rejected", output=str(output), message="returns nothing", seconds=seconds)
    try:
        value = parse_json(output)
    except ValueError as error:
        return ToolResult("rejected", output=output, message=f"returns text that is not JSON ({error})", seconds=seconds)
    return ToolResult("value", value=value, output=output, seconds=seconds)


def run_peers(cases, python, npm_prefix, work_dir):
    """Run both peers over all cases, one process each, and return {tool: [ToolResult]}."""
    inputs_path = work_dir / "inputs.json"
    items = [{"name": case.name, "text": case.text, "schema": case.schema} for case in cases]
    # ensure_ascii writes the lone surrogates of non-UTF-8 input as \udcXX escapes, which
    # both json.load and JSON.parse turn back into lone surrogates.
    inputs_path.write_text(json.dumps(items, ensure_ascii=True), encoding="utf-8")

    python_results = work_dir / "json_repair-results.json"
    node_results = work_dir / "jsonrepair-results.json"
    for command in (
        [str(python), str(SCRIPT_DIR / "run_json_repair.py"), str(inputs_path), str(python_results)],
        ["node", str(SCRIPT_DIR / "run_jsonrepair.mjs"), str(npm_prefix), str(inputs_path), str(node_results)],
    ):
        print("+", shlex.join(command), flush=True)
        subprocess.run(command, check=True, timeout=PEER_TIMEOUT)

    python_entries = json.loads(python_results.read_text(encoding="utf-8"))["results"]
    node_entries = json.loads(node_results.read_text(encoding="utf-8"))["results"]
    names = [case.name for case in cases]
    if [entry["name"] for entry in python_entries] != names or [entry["name"] for entry in node_entries] != names:
        raise SystemExit("a peer runner returned results for other cases than it was given")
    return {
        "json_repair": [peer_result(entry["plain"]) for entry in python_entries],
        "json_repair_schema": [peer_result(entry["schema"]) for entry in python_entries],
        "jsonrepair": [peer_result(entry) for entry in node_entries],
    }


def reference_value(case, binary, work_dir):
    """Return the value of a rejected input read as JSON, or None.

    This is json.loads of the input when the input is RFC 8259 JSON, duplicate keys kept.
    Otherwise it is jsonseam's own extraction and repair of the input against the schema
    `true`, with the case's options but without depth, repair or whitespace limits. None
    means that neither gives a value, as for a syntax error or a truncated input.
    """
    try:
        return parse_json(case.input_bytes.decode("utf-8"), allow_constants=False)
    except ValueError:
        pass
    true_schema = work_dir / "true-schema.json"
    true_schema.write_text("true")
    flags = list(case.jsonseam_flags)
    for flag, setting in NO_LIMIT_FLAGS.items():
        if flag in flags:
            index = flags.index(flag)
            del flags[index : index + 2]
        flags += [flag, setting]
    result = run_jsonseam(binary, true_schema, case.folder / "input.txt", flags)
    return result.value if result.kind == "value" else None


def check_schema(binary, case, output, work_dir):
    """Return whether a peer's JSON output satisfies the case's schema, as jsonseam --strict decides.

    Returns None when the output is not RFC 8259 JSON (for example NaN).
    """
    output_path = work_dir / "peer-output.json"
    output_path.write_bytes(output.encode("utf-8", errors="surrogatepass"))
    flags = ["--strict", "--allow-duplicate-keys", "--max-depth", "100000"]
    result = run_jsonseam(binary, case.folder / "schema.json", output_path, flags)
    if result.kind == "value":
        return True
    if result.kind == "rejected" and result.report["divergence"]["kind"] == "schema":
        return False
    return None


# ---------------------------------------------------------------------------------------
# Classification


@dataclass
class Outcome:
    """One tool's result on one case, sorted into a category, with a few words of detail."""

    category: str
    silent: bool
    detail: str
    # Facts about a jsonseam result that differ from expected.json although the category
    # is `right`: another rejection kind, offset or path, or another report.
    mismatches: list = field(default_factory=list)
    # For a silent change: whether the returned value passes the case's schema, or None
    # when the value is not RFC 8259 JSON.
    passes_schema: bool | None = None


def shorten(text, limit=CELL_CHARS):
    """Cut `text` to `limit` characters and make invisible characters visible."""
    # Control characters, U+2028 and lone surrogates (from invalid UTF-8) are not
    # printable, so they appear as escapes such as \n, \u2028 and \udce9.
    visible = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text
    )
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def jsonseam_mismatches(case, result):
    """List where a jsonseam result differs from the details that expected.json gives."""
    expected = case.expected
    report = result.report or {}
    mismatches = []
    if result.kind == "rejected":
        divergence = report.get("divergence") or {}
        for key in ("kind", "offset", "instance_path", "schema_path"):
            if key in expected and divergence.get(key) != expected[key]:
                mismatches.append(f"{key} {json.dumps(divergence.get(key))}, expected {json.dumps(expected[key])}")
    elif result.kind == "value":
        if "status" in expected and report.get("status") != expected["status"]:
            mismatches.append(f"status {json.dumps(report.get('status'))}, expected {json.dumps(expected['status'])}")
        for key in ("stripped", "repairs"):
            if key in expected and not entries_match(expected[key], report.get(key) or []):
                actual = format_entries(report.get(key) or [])
                mismatches.append(f"{key} {actual}, expected {format_entries(expected[key])}")
    return mismatches


def format_entries(entries):
    """Write report entries briefly, such as `[fence 0..8, trailing_comma at 63]`."""
    parts = []
    for entry in entries:
        text = str(entry.get("kind", "?"))
        if "start" in entry or "end" in entry:
            text += f" {entry.get('start', '?')}..{entry.get('end', '?')}"
        if "offset" in entry:
            text += f" at {entry['offset']}"
        parts.append(text)
    return "[" + ", ".join(parts) + "]"


def entries_match(expected_entries, actual_entries):
    """Compare report entries on the fields that each expected entry gives."""
    return len(expected_entries) == len(actual_entries) and all(
        all(actual.get(key) == value for key, value in expected_entry.items())
        for expected_entry, actual in zip(expected_entries, actual_entries)
    )


def describe_jsonseam_value(result):
    """Summarize a jsonseam report: its status and the kinds of stripped text and repairs."""
    report = result.report or {}
    stripped = [entry.get("kind", "?") for entry in report.get("stripped") or []]
    repairs = [entry.get("kind", "?") for entry in report.get("repairs") or []]
    text = report.get("status", "valid")
    if stripped:
        text += "; stripped " + ", ".join(stripped)
    if repairs:
        text += "; repaired " + ", ".join(repairs)
    return plain(text)


def classify(tool, case, result, input_value):
    """Sort one tool's result on one case into a category (see the page's legend).

    `input_value` is the input's own value (see reference_value), or None.
    """
    if result.kind == "error":
        return Outcome("wrong", False, "fails to run: " + plain(result.message))
    if result.kind == "rejected":
        return Outcome("rejected" if case.valid else "right", False, plain(result.message))

    if case.valid:
        if result.value == case.expected_value:
            return Outcome("right", False, describe_jsonseam_value(result) if tool == "jsonseam" else "same value")
        return Outcome("wrong", True, describe_change(case.expected_value, result.value))

    kind = case.expected.get("kind")
    if kind in POLICY_KINDS and input_value is not None and result.value == input_value:
        return Outcome("accepted invalid", False, "returns the input's value")
    return Outcome("wrong", True, describe_change(input_value, result.value))


def describe_change(base, value):
    """Describe a returned value and, when `base` is known, the first place it differs from `base`."""
    text = "returns " + code(format_json(value))
    if base is None:
        return text
    difference = first_difference(base, value)
    if difference is None:
        return text
    pointer, base_part, value_part = difference
    where = f"`{pointer}`" if pointer else "the root"
    return f"{text}: {where} is {code(value_part, 30)} instead of {code(base_part, 30)}"


def first_difference(base, value, pointer=""):
    """Return (JSON Pointer, base part, value part) where two values first differ, or None.

    The parts are compact JSON, or a phrase such as "no member" when one side lacks the
    member or item.
    """
    if isinstance(base, JsonObject) and isinstance(value, JsonObject):
        keys = dict.fromkeys([key for key, _ in base.pairs] + [key for key, _ in value.pairs])
        for key in keys:
            base_items = [item for name, item in base.pairs if name == key]
            value_items = [item for name, item in value.pairs if name == key]
            member_pointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
            if len(base_items) != len(value_items):
                return member_pointer, describe_members(base_items), describe_members(value_items)
            for base_item, value_item in zip(base_items, value_items):
                found = first_difference(base_item, value_item, member_pointer)
                if found:
                    return found
        return None
    if isinstance(base, list) and isinstance(value, list):
        for index in range(max(len(base), len(value))):
            item_pointer = f"{pointer}/{index}"
            if index >= len(value):
                return item_pointer, format_json(base[index]), "no item"
            if index >= len(base):
                return item_pointer, "no item", format_json(value[index])
            found = first_difference(base[index], value[index], item_pointer)
            if found:
                return found
        return None
    if base == value and type(base) is type(value):
        return None
    if isinstance(base, str) and isinstance(value, str):
        return (pointer, *string_excerpts(base, value))
    return pointer, format_json(base), format_json(value)


def string_excerpts(base, value, before=8, after=16):
    """Return both strings as JSON, cut to the part around the first character that differs.

    An ellipsis inside the quotes marks text that was cut.
    """
    index = 0
    while index < min(len(base), len(value)) and base[index] == value[index]:
        index += 1
    start = max(0, index - before)
    excerpts = []
    for text in (base, value):
        end = min(len(text), index + after)
        quoted = json.dumps(text[start:end], ensure_ascii=False)
        head = "…" if start > 0 else ""
        tail = "…" if end < len(text) else ""
        excerpts.append('"' + head + quoted[1:-1] + tail + '"')
    return excerpts


def describe_members(items):
    if not items:
        return "no member"
    if len(items) == 1:
        return format_json(items[0])
    return f"{len(items)} members: " + ", ".join(format_json(item) for item in items)


def plain(text, limit=80):
    """Shorten text for a table cell and escape the characters that break a Markdown table."""
    return shorten(text, limit).replace("|", "\\|")


def code(text, limit=CELL_CHARS):
    """Format text as a Markdown code span that is safe inside a table cell."""
    text = shorten(text, limit).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def input_excerpt(case):
    """Return the input as text for display, with each byte that is not UTF-8 as an escape such as \\xe9."""
    return case.input_bytes.decode("utf-8", errors="backslashreplace")


def describe_expected(case):
    expected = case.expected
    mode = "strict" if case.strict else "default"
    if case.valid:
        status = expected.get("status")
        return f"{mode}: valid{' (' + status + ')' if status else ''}"
    return f"{mode}: {expected.get('kind')} at byte {expected.get('offset')}"


# ---------------------------------------------------------------------------------------
# Page


def machine_description():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB memory"
                break
    except OSError:
        pass
    system = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = line.split("=", 1)[1].strip('"') + f", Linux {platform.release()}"
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical cores{memory}, {system}"


def display_path(path):
    """Return `path` relative to the repository when it is inside it, else as an absolute path."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(REPO_ROOT)) + "/"
    except ValueError:
        return str(resolved)


def jsonseam_revision():
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", "core", "cli", "Cargo.toml", "Cargo.lock"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not commit:
        return "unknown commit"
    return f"commit {commit}" + (" with uncommitted changes in core/, cli/ or the manifests" if changed else "")


def count_outcomes(cases, outcomes, tool, predicate=lambda case: True):
    counts = dict.fromkeys(CATEGORIES, 0)
    for case, by_tool in zip(cases, outcomes):
        if not predicate(case):
            continue
        outcome = by_tool[tool]
        counts[outcome.category] += 1
        if outcome.silent:
            counts["silent change"] += 1
    return counts


def summary_table(cases, outcomes, predicate=lambda case: True):
    lines = [
        "| tool | right | rejected | wrong | of which silent change | accepted invalid |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for tool, label in TOOLS:
        counts = count_outcomes(cases, outcomes, tool, predicate)
        cells = [str(counts[category]) for category in CATEGORIES]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def cell(outcome):
    if outcome.silent:
        return f"**silent change**: {outcome.detail}"
    text = f"{outcome.category}: {outcome.detail}"
    if outcome.mismatches:
        text += " (differs from expected.json)"
    return text


def render_page(context):
    cases = context["cases"]
    outcomes = context["outcomes"]
    versions = context["versions"]
    lines = [
        "# Repair comparison: jsonseam, json_repair and jsonrepair",
        "",
        "<!-- Generated by benches/repair-comparison/compare.py. Do not edit: rerun the script. -->",
        "",
        "This page is generated: `benches/repair-comparison/compare.py` wrote all of it, and every",
        "figure comes from the run described below. It compares jsonseam with two libraries that",
        f"repair JSON from model output, on the cases under `{context['corpus']}`: the PyPI package json-repair",
        "(`json_repair.repair_json`) and the npm package jsonrepair. jsonrepair has no schema",
        "support, and json_repair checks a schema only when it is given one with `schema=`, so the",
        "page shows json_repair both ways. The comparison is about the value each tool returns",
        "and about when it rejects, not about speed.",
        "",
        "## Run",
        "",
        f"- Date: {context['date']}",
        f"- Machine: {context['machine']}",
        f"- Command: `{context['command']}`, from `{context['cwd']}`",
        f"- Runtime: {context['runtime']:.1f} s in all, of which {context['setup_seconds']:.1f} s installing"
        f" the peers and {context['build_seconds']:.1f} s building jsonseam",
        f"- jsonseam: {context['revision']}, built with {context['rustc']}, run as"
        " `jsonseam check --schema schema.json input.txt --report json` plus the case's options",
        f"- json-repair {versions['json-repair']} with jsonschema {versions['jsonschema']}, on Python"
        f" {versions['venv Python']}; called as `repair_json(text)`, then `json.loads` of its result,"
        " and as `repair_json(text, schema=schema)`. Its `strict=True` option is not used.",
        f"- jsonrepair {versions['jsonrepair']} on Node.js {versions['Node.js']}; called as `jsonrepair(text)`,"
        " then `json.loads` of its result",
        f"- Cases: {len(cases)} in `{context['corpus']}` ({sum(case.strict for case in cases)} strict-mode,"
        f" {sum(not case.strict for case in cases)} default-mode;"
        f" {sum(case.valid for case in cases)} with a valid result,"
        f" {sum(not case.valid for case in cases)} with a rejection)",
    ]
    not_utf8 = sum(not case.is_utf8 for case in cases)
    if not_utf8:
        lines.append(
            f"- Inputs that are not valid UTF-8: {not_utf8}. The peers got them decoded with"
            ' `errors="surrogateescape"`, so each invalid byte is a lone surrogate U+DC80..U+DCFF.'
        )
    else:
        lines.append("- Inputs that are not valid UTF-8: none.")
    if context["skipped"]:
        skipped = "; ".join(f"`{name}` ({reason})" for name, reason in context["skipped"])
        lines.append(f"- Folders skipped: {skipped}")
    unmapped = [f"`{case.name}` ({', '.join(case.unmapped_options)})" for case in cases if case.unmapped_options]
    if unmapped:
        lines.append(
            "- Options with no `jsonseam check` flag, so jsonseam ran without them: " + "; ".join(unmapped)
        )

    lines += [
        "",
        "## How results are sorted",
        "",
        "- **right**: the tool returns the same value as `expected.output` where the case expects a",
        "  valid result, or rejects where the case expects a rejection. Rejecting means that",
        "  jsonseam exits 1, or that a peer raises, returns an empty string or returns text that",
        "  `json.loads` rejects. jsonseam lists every repair in its report, so a repaired value",
        "  equal to the expected one is right. The kind and offset of a rejection do not count",
        "  here, and the section on jsonseam below lists where they differ.",
        "- **rejected**: the case expects a valid result and the tool rejects.",
        "- **wrong**: the tool returns a value other than the expected one, or a value where a",
        "  rejection is expected, or fails to run (jsonseam exit 2, a crash or a time-out).",
        "- **silent change**: the wrong results that came as a value with no error, so that a caller",
        "  would use a value that the input does not contain.",
        "- **accepted invalid**: the case expects a rejection from the schema or from a limit",
        "  (kind `schema`, `depth_limit`, `whitespace_limit` or `repair_limit`), and the tool returns",
        "  the input's own value. The peers check no such limit, and a peer called without a schema",
        "  cannot catch a schema failure, so this is a missing check, not a change of data. For",
        "  `json_repair, schema=` on a schema case it means that its schema check missed the failure.",
        "  The input's value is `json.loads` of the input when the input is plain JSON, and",
        "  otherwise the value jsonseam returns for the input against the schema `true` with no",
        "  limits.",
        "- Values compare by meaning: numbers as exact decimals (so `1.50E+2` equals `150.0`, and",
        "  `1e400` differs from `Infinity`), object members in any order, duplicate keys kept.",
        "- Strict-mode cases (`\"options\": {\"strict\": true}`) test jsonseam's RFC 8259 mode.",
        "  jsonseam runs them with `--strict`. The peers have no such mode and repair what they can,",
        "  so a value they return where a strict case expects a rejection counts as wrong.",
        "- Default-mode cases run jsonseam without `--strict`: it strips the text around the JSON and",
        "  makes lossless repairs, each listed in its report. The summary has a table for each mode.",
        "- Tables show invisible characters and bytes that are not UTF-8 as escapes, such as `\\n`,",
        "  `\\u2028` and `\\xe9`. A lone surrogate in a returned value shows as `\\udce9`.",
        "",
        "## Summary",
        "",
        "All cases:",
        "",
        *summary_table(cases, outcomes),
        "",
        "Default-mode cases only (extraction and repair allowed):",
        "",
        *summary_table(cases, outcomes, lambda case: not case.strict),
        "",
        "Strict-mode cases only:",
        "",
        *summary_table(cases, outcomes, lambda case: case.strict),
        "",
    ]

    lines += render_silent_changes(cases, outcomes)
    lines += render_jsonseam_findings(cases, outcomes)

    lines += [
        "## Every case",
        "",
        "Bold cells are silent changes. The expected column gives the mode and the expected",
        "result: `valid` or the rejection kind and byte offset from `expected.json`.",
        "",
        "| case | expected | " + " | ".join(label for _, label in TOOLS) + " |",
        "| --- | --- | " + " | ".join("---" for _ in TOOLS) + " |",
    ]
    for case, by_tool in zip(cases, outcomes):
        cells = [cell(by_tool[tool]) for tool, _ in TOOLS]
        lines.append(f"| `{case.name}` | {describe_expected(case)} | " + " | ".join(cells) + " |")
    lines.append("")

    lines += [
        "## Time per tool",
        "",
        "Wall time summed over all cases in this run, for orientation only: jsonseam's figure",
        "includes starting one process per case, and the peers' figures are the calls alone.",
        "",
        "| tool | seconds |",
        "| --- | ---: |",
    ]
    for tool, label in TOOLS:
        total = sum(result.seconds for result in context["results"][tool])
        lines.append(f"| {label} | {total:.3f} |")
    lines.append("")
    return "\n".join(lines)


def render_silent_changes(cases, outcomes):
    lines = [
        "## Silent changes",
        "",
        "Each case where a tool returns a value that the expected result does not allow, without",
        "an error. The count per tool comes first, then one row per change. The last column tells",
        "whether that value satisfies the case's schema, checked with `jsonseam check --strict`:",
        "a value that passes would also get past a schema check run after the repair.",
        "",
    ]
    for tool, label in TOOLS:
        names = [f"`{case.name}`" for case, by_tool in zip(cases, outcomes) if by_tool[tool].silent]
        lines.append(f"- {label}: {len(names)}" + (" (" + ", ".join(names) + ")" if names else ""))
    lines.append("")

    rows = []
    for case, by_tool in zip(cases, outcomes):
        for tool, label in TOOLS:
            outcome = by_tool[tool]
            if not outcome.silent:
                continue
            if case.valid:
                expected = "valid: " + code(case.expected["output"], 40)
            else:
                expected = f"{case.expected.get('kind')} at byte {case.expected.get('offset')}"
            passes = {True: "passes", False: "fails", None: "not JSON"}[outcome.passes_schema]
            rows.append(
                f"| `{case.name}` | {label} | {code(input_excerpt(case), 50)} | {expected} | {outcome.detail} | {passes} |"
            )
    if not rows:
        return lines + ["None in this run.", ""]
    lines += [
        "| case | tool | input | expected | result | schema |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]
    return lines


def render_jsonseam_findings(cases, outcomes):
    """Render the cases where jsonseam's result or report differs from expected.json."""
    not_right = []
    report_differs = []
    for case, by_tool in zip(cases, outcomes):
        outcome = by_tool["jsonseam"]
        excerpt = code(input_excerpt(case), 50)
        if outcome.category != "right":
            peers_right = [label for tool, label in TOOLS[1:] if by_tool[tool].category == "right"]
            not_right.append(
                f"| `{case.name}` | {describe_expected(case)} | {excerpt} | {cell(outcome)} |"
                f" {', '.join(peers_right) or 'none'} |"
            )
        elif outcome.mismatches:
            report_differs.append(
                f"| `{case.name}` | {describe_expected(case)} | {excerpt} | {'; '.join(outcome.mismatches)} |"
            )

    lines = [
        "## Where jsonseam differs from expected.json",
        "",
        "Cases where jsonseam is not right. Where a peer is right on the same case, the case",
        "points to a likely jsonseam bug.",
        "",
    ]
    if not_right:
        lines += [
            "| case | expected | input | jsonseam | peers that are right |",
            "| --- | --- | --- | --- | --- |",
            *not_right,
        ]
    else:
        lines.append("None in this run.")
    lines += [
        "",
        "Cases where jsonseam is right but its report differs from `expected.json`: another",
        "rejection kind, offset or path, or another status, stripped list or repair list.",
        "",
    ]
    if report_differs:
        lines += ["| case | expected | input | what differs |", "| --- | --- | --- | --- |", *report_differs]
    else:
        lines.append("None in this run.")
    lines.append("")
    return lines


# ---------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--work-dir",
        type=Path,
        metavar="DIR",
        default=Path(tempfile.gettempdir()) / "jsonseam-repair-comparison",
        help="scratch folder for the venv, the npm install and the runners' files"
        " (default: $TMPDIR/jsonseam-repair-comparison); must be outside the repository",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        default=REPO_ROOT / "corpus",
        help="folder of cases to run (default: corpus/ in the repository)",
    )
    parser.add_argument(
        "--jsonseam",
        type=Path,
        metavar="BINARY",
        help="jsonseam binary to run instead of building one with cargo (default: build it)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        default=REPO_ROOT / "docs" / "repair-comparison.md",
        help="Markdown page to write (default: docs/repair-comparison.md in the repository)",
    )
    return parser.parse_args()


def main():
    started = time.perf_counter()
    args = parse_args()
    work_dir = args.work_dir.resolve()
    if work_dir == REPO_ROOT or REPO_ROOT in work_dir.parents:
        raise SystemExit(f"--work-dir {work_dir} is inside the repository; choose a folder outside {REPO_ROOT}")
    work_dir.mkdir(parents=True, exist_ok=True)
    for tool in ("cargo", "node", "npm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found on PATH; install it and rerun")

    setup_start = time.perf_counter()
    python, npm_prefix, versions = install_peers(work_dir)
    setup_seconds = time.perf_counter() - setup_start
    for name, version in versions.items():
        print(f"{name} {version}")

    build_start = time.perf_counter()
    if args.jsonseam:
        binary = args.jsonseam.resolve()
        rustc = "an unknown rustc (binary given with --jsonseam)"
        revision = f"the binary {binary}"
    else:
        binary, rustc = build_jsonseam()
        revision = jsonseam_revision()
    build_seconds = time.perf_counter() - build_start
    print(f"jsonseam {revision}, {rustc}")

    cases, skipped = load_cases(args.corpus)
    print(f"{len(cases)} cases, {len(skipped)} folders skipped", flush=True)
    for name, reason in skipped:
        print(f"  skipped {name}: {reason}")

    results = {"jsonseam": []}
    for case in cases:
        results["jsonseam"].append(
            run_jsonseam(binary, case.folder / "schema.json", case.folder / "input.txt", case.jsonseam_flags)
        )
    results.update(run_peers(cases, python, npm_prefix, work_dir))

    outcomes = []
    for index, case in enumerate(cases):
        input_value = None if case.valid else reference_value(case, binary, work_dir)
        by_tool = {}
        for tool, _ in TOOLS:
            result = results[tool][index]
            outcome = classify(tool, case, result, input_value)
            if tool == "jsonseam":
                outcome.mismatches = jsonseam_mismatches(case, result)
            if outcome.silent:
                outcome.passes_schema = check_schema(binary, case, format_json(result.value), work_dir)
            by_tool[tool] = outcome
        outcomes.append(by_tool)

    command = shlex.join([Path(sys.executable).name, *sys.argv])
    context = {
        "cases": cases,
        "skipped": skipped,
        "outcomes": outcomes,
        "results": results,
        "versions": versions,
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_description(),
        "command": command,
        "corpus": display_path(args.corpus),
        "cwd": os.getcwd(),
        "revision": revision,
        "rustc": rustc,
        "setup_seconds": setup_seconds,
        "build_seconds": build_seconds,
        "runtime": time.perf_counter() - started,
    }
    page = render_page(context)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")

    print()
    print("\n".join(summary_table(cases, outcomes)))
    print(f"\nwrote {args.output} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
