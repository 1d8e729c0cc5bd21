"""The message catalogue: every code is explained in the editor guide, and every message speaks Chinese first."""

from __future__ import annotations

import re
from pathlib import Path

import gonghui.cli  # noqa: F401  (imports every module that defines messages)
import gonghui.core.pipeline  # noqa: F401
from gonghui.core.messages import CATALOGUE, say

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_code_is_in_the_guide():
    assert len(CATALOGUE) >= 50
    missing = [code for code in sorted(CATALOGUE) if f"`{code}`" not in README and code not in README]
    assert missing == []


def test_every_catalogued_message_starts_in_chinese():
    for code, message in CATALOGUE.items():
        assert re.fullmatch(r"GH\d{3}", code)
        # The Chinese comes first: the text before any English term in brackets has Chinese in it.
        head = message.template.split(" (")[0]
        assert CJK.search(head), (code, message.template)
        assert CJK.search(message.explains), (code, message.explains)


def test_say_puts_the_code_first():
    code = next(iter(sorted(CATALOGUE)))
    values = dict.fromkeys(re.findall(r"\{([a-z_]+)", CATALOGUE[code].template), "x")
    assert say(code, **values).startswith(code + " ")


def test_every_code_has_a_test_with_its_exact_line():
    """Each code is produced, and its line asserted, by some test (the golden files and test tables)."""
    tests = Path(__file__).resolve().parent
    texts = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("*")
                      if p.is_file() and p.suffix in (".py", ".yml") and p.name != "test_messages.py")
    assert [code for code in sorted(CATALOGUE) if code not in texts] == []
