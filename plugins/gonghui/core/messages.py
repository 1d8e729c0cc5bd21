"""The catalogue of messages editors see: each with a stable code, in Chinese first.

A message is written `GH101 全角冒号：…` — the code lets the editor guide explain it (README, 错误信息怎么看),
the Chinese says what is wrong and how to fix it, and an English technical term may follow in brackets.
Every code used by the core is listed here once; `say(code, **values)` fills in its template.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    code: str
    template: str  # str.format template, Chinese first
    explains: str  # one line for the guide's table: when it appears


CATALOGUE: dict[str, Message] = {}


def define(code: str, template: str, explains: str) -> str:
    """Register a message; the code must be new. Returns the code, so modules can keep it as a constant."""
    if code in CATALOGUE:
        raise ValueError(f"message code {code} is defined twice")
    CATALOGUE[code] = Message(code, template, explains)
    return code


def say(code: str, **values: object) -> str:
    """The message text for `code`, with its values filled in: 'GH101 …'."""
    return f"{code} " + CATALOGUE[code].template.format(**values)
