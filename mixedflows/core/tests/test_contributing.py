"""docs/contributing.md's examples are code that runs: each block parses and what it imports exists."""

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "contributing.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


def test_the_page_shows_an_app_a_service_a_selector_and_a_view():
    text = DOC.read_text()
    for piece in ("**The app**", "**A service**", "**A selector**", "**A view**"):
        assert piece in text


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_each_example_parses_and_imports_what_exists(block):
    for node in ast.walk(ast.parse(block)):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert hasattr(module, alias.name) or importlib.util.find_spec(
                    f"{node.module}.{alias.name}"
                ), f"{node.module}.{alias.name} named in docs/contributing.md does not exist"
