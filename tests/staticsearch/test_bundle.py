"""The reader's modules joined into the page's one script (``bundle``): the same answers as the
modules, and no form of import or export it does not translate."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cablegate.staticsearch.bundle import MODULES, BundleError, bundle, page_script
from tests.staticsearch.conftest import ASSETS, Node, SampleIndex, needs_node
from tests.staticsearch.test_reader import CASES

READER = tuple(m for m in MODULES if m != "page.js")  # page.js needs a document


def _sources() -> dict[str, str]:
    return {m: (ASSETS / m).read_text("utf-8") for m in MODULES}


@needs_node
def test_the_bundled_reader_answers_as_its_modules(
    reader: Node, sample_index: SampleIndex, tmp_path: Path
) -> None:
    script = tmp_path / "reader-bundle.mjs"
    script.write_text(bundle(_sources(), READER, expose=True), "utf-8")
    bundled = Node(sample_index.path, script)
    try:
        for query, filters in CASES:
            ask = [{"op": "search", "q": query, "filters": filters, "page": p} for p in (1, 2)]
            assert bundled.ask(ask) == reader.ask(ask), query
        words = [{"op": "words", "text": "São Paulo's al-Qaida, 2007"}]
        assert bundled.ask(words) == reader.ask(words)
    finally:
        bundled.close()


@needs_node
def test_the_page_script_is_one_module_without_imports(tmp_path: Path) -> None:
    text = page_script().decode("utf-8")
    assert "\nimport " not in text and "\nexport " not in text
    assert all(f"// {m}\n" in text for m in MODULES)
    script = tmp_path / "page.mjs"
    script.write_text(text, "utf-8")
    node = shutil.which("node")
    assert node is not None
    checked = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    "source",
    [
        'import x from "./a.js";\n',
        "export default function f() {}\n",
        'export * from "./a.js";\n',
        'import { y } from "./later.js";\n',
    ],
)
def test_a_form_it_does_not_translate_is_refused(source: str) -> None:
    with pytest.raises(BundleError):
        bundle({"a.js": "export const x = 1;\n", "b.js": source, "later.js": ""}, ["a.js", "b.js"])


def test_imports_and_exports_are_bound_by_name() -> None:
    out = bundle(
        {
            "a.js": "export const ONE = 1;\nexport async function two() { return 2; }\n"
            "class K {}\nexport { K };\n",
            "b.js": 'import * as a from "./a.js";\nimport { ONE, two as deux } from "./a.js";\n'
            "export function three() { return a.ONE + ONE + deux.length; }\n",
        },
        ["a.js", "b.js"],
    )
    assert "return { K, ONE, two };" in out
    assert "const a = __a;" in out and "const { ONE, two: deux } = __a;" in out
    assert "return { three };" in out
