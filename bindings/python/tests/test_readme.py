"""The Python examples in README.md, each ```python block run as a doctest."""

from __future__ import annotations

import doctest
import re

import pytest
from support import SOURCE_DIR

README = SOURCE_DIR / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def readme_blocks():
    text = README.read_text(encoding="utf-8")
    blocks = []
    for number, match in enumerate(BLOCK.finditer(text), start=1):
        line = text.count("\n", 0, match.start()) + 2
        blocks.append(pytest.param(match.group(1), line, id=f"block {number} (line {line})"))
    return blocks


def test_readme_has_examples():
    assert len(readme_blocks()) >= 5


@pytest.mark.parametrize(("source", "line"), readme_blocks())
def test_readme_example(source: str, line: int):
    parser = doctest.DocTestParser()
    test = parser.get_doctest(source, {}, f"README.md:{line}", str(README), line - 1)
    assert test.examples, "the block has no >>> example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples failed (output above)"
