"""Count the genre's word lists still written in Python: the measure of issue 16, part 1.

The genre's vocabulary (cue words, verbs, page furniture) belongs in ``extractors/``, where it is
read once by :mod:`policydocs.knowledge.vocabulary`; code keeps grammar. This script counts, per
module of ``src/``:

* ``regexes``: ``re.compile`` calls whose literal holds a Chinese character (the issue's grep,
  ``grep -P 're\\.compile\\(.*[\\x{4e00}-\\x{9fff}]' -r src``); grammar (年, 月, 第…章) counts too;
* ``word lists``: alternations of two or more Chinese words in a string literal (``去年|上年``),
  and list, tuple, set or dict literals holding three or more Chinese strings;
* ``grammar``: those of the word lists that a ``# grammar: why`` comment on their lines keeps in
  code on purpose (how a date or a heading number is built, the labels of our own output).

    python bench/word_lists.py            # totals and the modules that still hold lists
    python bench/word_lists.py --all      # every list found, with its line
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALTERNATION = re.compile(r"(?:[\u4e00-\u9fff]+\|)+[\u4e00-\u9fff]+")
_GREP = re.compile(r"re\.compile\(.*[\u4e00-\u9fff]")


def _is_cjk_word(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(_CJK.search(node.value))


def word_lists(path: Path) -> list[tuple[int, str, bool]]:
    """(line, excerpt, kept as grammar) of each word list in one Python file."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    found = []
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}  # docstrings, comments
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for m in _ALTERNATION.finditer(node.value):
                found.append((node, m.group()[:60]))
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            words = [e.value for e in node.elts if _is_cjk_word(e)]
            if len(words) >= 3:
                found.append((node, "[" + ", ".join(words[:6]) + (" …]" if len(words) > 6 else "]")))
        elif isinstance(node, ast.Dict):
            words = [k.value for k in node.keys if k is not None and _is_cjk_word(k)]
            if len(words) >= 3:
                found.append((node, "{" + ", ".join(words[:6]) + (" …}" if len(words) > 6 else "}")))
    return sorted((node.lineno, excerpt, _marked(lines, node)) for node, excerpt in found)


def _marked(lines: list[str], node: ast.AST) -> bool:
    """A ``# grammar`` comment on the literal's lines or on the line above it."""
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    return any("# grammar" in lines[i] for i in range(max(first - 1, 0), last + 1))


def count(src: Path = ROOT / "src") -> dict[str, tuple[int, int, int]]:
    """Module path → (regexes with Chinese, word lists, of which kept as grammar)."""
    out = {}
    for path in sorted(src.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        regexes = sum(1 for line in text.splitlines() if _GREP.search(line))
        found = word_lists(path)
        if regexes or found:
            out[str(path.relative_to(src.parent))] = (regexes, len(found), sum(f[2] for f in found))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every word list found")
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args(argv)
    counts = count(args.src)
    for module, (regexes, lists, grammar) in sorted(counts.items(), key=lambda kv: (kv[1][2] - kv[1][1], kv[0])):
        print(f"{lists - grammar:4d} word lists {grammar:4d} grammar {regexes:4d} regexes  {module}")
        if args.all:
            for line, excerpt, marked in word_lists(args.src.parent / module):
                print(f"        {line:5d} {'grammar ' if marked else ''}{excerpt}")
    lists = sum(c[1] for c in counts.values())
    grammar = sum(c[2] for c in counts.values())
    print(f"total: {lists - grammar} word lists (+ {grammar} kept as grammar),"
          f" {sum(c[0] for c in counts.values())} regexes with Chinese, in {len(counts)} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
