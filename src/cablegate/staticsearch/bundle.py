"""The reader's modules as one script: what a search page loads in one request, not seven.

The modules in ``assets/`` stay the source (node's tests import them one by one). A page gets
them joined: each module's body in a function of its own, its ``export``s returned from it, its
``import``s of the others read from those returns. Only the forms the reader uses are
understood (``import {a, b as c} from "./x.js"``, ``import * as x from "./x.js"``, ``export``
before a declaration, ``export {a};``); anything else is refused, so a new form cannot slip
through half-translated. Over HTTP/1.x a browser opens six connections to a host: seven module
requests, the stylesheet and the index's first files took two waves of them before a search
could start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from importlib.resources import files

# in the order they are needed: a module comes after those it imports
MODULES = (
    "tokenizer.js",
    "bitset.js",
    "query.js",
    "snippet.js",
    "reader.js",
    "search.js",
    "page.js",
)
_IMPORT = re.compile(r'^import (.+?) from "\./([\w.-]+)";[ \t]*\n', re.M)
_DECLARED = re.compile(r"^export ((?:async )?function\*? |const |let |class )(\w+)", re.M)
_LISTED = re.compile(r"^export \{([^}]*)\};[ \t]*\n", re.M)
_LEFT = re.compile(r"^\s*(?:import|export)\b", re.M)


class BundleError(ValueError):
    """A module uses a form of import or export the bundler does not translate."""


def _name(module: str) -> str:
    return "__" + re.sub(r"\W", "_", module.removesuffix(".js"))


def _binding(spec: str, module: str) -> str:
    """``{ a, b as c }`` or ``* as x`` -> the ``const`` that binds them from ``module``."""
    spec = spec.strip()
    if spec.startswith("* as "):
        return f"const {spec[5:].strip()} = {_name(module)};"
    if spec.startswith("{") and spec.endswith("}"):
        names = [n.strip() for n in spec[1:-1].split(",") if n.strip()]
        parts = [n.replace(" as ", ": ") for n in names]
        return f"const {{ {', '.join(parts)} }} = {_name(module)};"
    raise BundleError(f"import {spec} from {module}: not a form the bundler translates")


def _wrap(module: str, text: str, known: set[str]) -> str:
    exported: list[str] = []

    def imported(m: re.Match[str]) -> str:
        if m.group(2) not in known:
            raise BundleError(f"{module} imports {m.group(2)} before it is bundled")
        return _binding(m.group(1), m.group(2)) + "\n"

    def declared(m: re.Match[str]) -> str:
        exported.append(m.group(2))
        return m.group(1) + m.group(2)

    def listed(m: re.Match[str]) -> str:
        exported.extend(n.strip() for n in m.group(1).split(",") if n.strip())
        return ""

    body = _LISTED.sub(listed, _DECLARED.sub(declared, _IMPORT.sub(imported, text)))
    if left := _LEFT.search(body):
        line = body[left.start() :].split("\n", 1)[0]
        raise BundleError(f"{module}: {line.strip()!r} is not a form the bundler translates")
    names = ", ".join(sorted(set(exported)))
    return (
        f"// {module}\nconst {_name(module)} = (() => {{\n{body}\nreturn {{ {names} }};\n}})();\n"
    )


def bundle(
    sources: Mapping[str, str], order: Sequence[str] = MODULES, *, expose: bool = False
) -> str:
    """The modules of ``sources`` (name -> text) joined in ``order`` as one ES module;
    ``expose``: it exports each module's namespace by its name (``reader``...), for tests."""
    known: set[str] = set()
    parts = ["// The search page's script: the reader's modules (cablegate.staticsearch.bundle).\n"]
    for module in order:
        parts.append(_wrap(module, sources[module], known))
        known.add(module)
    if expose:
        names = ", ".join(f"{_name(m)} as {m.removesuffix('.js')}" for m in order)
        parts.append(f"export {{ {names} }};\n")
    return "".join(parts)


def page_script() -> bytes:
    """The search page's one script (``page.js`` of a mirror or of the index's own page)."""
    folder = files("cablegate.staticsearch").joinpath("assets")
    sources = {m: folder.joinpath(m).read_text("utf-8") for m in MODULES}
    return bundle(sources).encode("utf-8")
