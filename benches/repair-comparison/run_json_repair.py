"""Run the PyPI package json_repair on every input of one JSON file, in one process.

Usage: python run_json_repair.py INPUTS_JSON RESULTS_JSON

Run it with the interpreter of the venv that has json_repair (and jsonschema, which the
`schema=` argument needs). INPUTS_JSON contains a list of {"name", "text", "schema"}.
RESULTS_JSON receives {"version": ..., "results": [...]}, one entry per input in the same
order, with two calls each:

- "plain": `repair_json(text)`, as a caller without a schema uses it;
- "schema": `repair_json(text, schema=schema)`, json_repair's schema-guided repair.

Each call gives {"output": str} or {"error": "Type: message"}, and "ns", its wall time
in nanoseconds.
"""

import json
import sys
import time
from importlib.metadata import version

import json_repair


def call(function, *args, **kwargs):
    """Call `function` and return its output or the exception it raised, with the time taken."""
    start = time.perf_counter_ns()
    try:
        output = function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - any exception is the tool's rejection
        return {"error": f"{type(error).__name__}: {error}", "ns": time.perf_counter_ns() - start}
    return {"output": output, "ns": time.perf_counter_ns() - start}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python run_json_repair.py INPUTS_JSON RESULTS_JSON")
    inputs_path, results_path = sys.argv[1:]
    with open(inputs_path, encoding="utf-8") as file:
        inputs = json.load(file)

    results = []
    for item in inputs:
        text = item["text"]
        results.append(
            {
                "name": item["name"],
                "plain": call(json_repair.repair_json, text),
                "schema": call(json_repair.repair_json, text, schema=item["schema"]),
            }
        )

    # ensure_ascii keeps lone surrogates from invalid UTF-8 input as \udcXX escapes.
    with open(results_path, "w", encoding="utf-8") as file:
        json.dump({"version": version("json-repair"), "results": results}, file, ensure_ascii=True)


if __name__ == "__main__":
    main()
