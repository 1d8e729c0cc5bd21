"""How search cuts Chinese: overlapping two-character units, the same when indexing and when asking.

Pagefind's own Chinese segmentation cuts a page with one dictionary and the reader's query with the
browser's, so `高密市总工会` was stored as 高密 / 市 / 总工 / 会 and a query matched only where both cut
alike. Here every run of Chinese characters becomes one token per character: the character with the
next one (a bigram, as Lucene's and Elasticsearch's CJK analyzers index), and the run's last character
alone. `高密市总工会` → 高密 密市 市总 总工 工会 会. A query is cut the same way without the last
character (高密市 → 高密 密市), so every query string that occurs in a page finds the page: Pagefind
keeps the pages that have every query token, and a one-character query matches as a prefix of a token.
Letters and digits stay whole words (`六个100` → 六个 个 100), as do Chinese punctuation marks (which
Pagefind does not index). Within one page, a pair is indexed at its first MOST_PER_PAGE occurrences.

The text Pagefind stores for excerpts is then the tokens, so the search page turns them back into the
page's own text (`readable`; the same rule in assets/gonghui-search.js): a two-character token stands
for its first character, and SPACE_MARK stands for a space that was in the text next to Chinese, or
for the end of a block (a heading, a paragraph).
The index is written under INDEX_LANGUAGE, which keeps Pagefind from cutting anything again.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from html import escape, unescape

INDEX_LANGUAGE = "und-x-bigram"
# A page's later occurrences of a pair add nothing to finding it, and little to ranking (Pagefind's BM25
# saturates), but every one is a location in the index a reader downloads: 工会 is said some 25 times in a
# trade-union story. Past this many, a pair is written as its first character (which reads back the same).
MOST_PER_PAGE = 3
# The title's units go into this many slots after the text (twice as many for a title of more than half
# as many units), each unit in the slot its own hash picks (`title_slots`), so that a title edited at its
# start or in its middle moves (almost) no unit it kept: Pagefind stores every unit's positions, and a moved unit
# rewrites its index chunk, which a redeploy uploads (issue 18).
TITLE_SLOTS = 128
SPACE_MARK = "\u200c"  # zero-width non-joiner: a token Pagefind keeps in the text but does not index
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
ASCII_PUNCTUATION = r"!-/:-@\[-`{-~"
# One alternative per kind of token: a Chinese run, whitespace, a word (letters, digits and the ASCII
# punctuation inside them, as in 1.5 or e-mail), any other single character (，。《》·…).
PIECES = re.compile(rf"(?P<han>[{HAN}]+)|(?P<space>\s+)|(?P<word>(?:[^\W{HAN}]|[{ASCII_PUNCTUATION}])+)|(?P<other>.)", re.S)
# Inline elements do not end a run of text: 建会<strong>小分队</strong> still reads 建会小分队.
INLINE = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub sup time u var".split()
)
NOT_INDEXED = re.compile(r"[^\w]")
HAN_PAIR = re.compile(f"[{HAN}]{{2}}")
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)")
# What Pagefind 1.5.2 leaves out of a page (its REMOVE_SELECTORS): nothing in them is cut or counted.
LEFT_OUT = frozenset("head style script noscript label form svg footer nav iframe template".split())
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
# The attributes Pagefind reads: an element's id (links to sections), lang, and its own data-pagefind-*.
KEPT_ATTRIBUTE = re.compile(r"""(\s(?:id|lang|data-pagefind-[\w-]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)""")
# Pagefind leaves such an element out; its words must not use up a page's occurrences of a pair (MOST_PER_PAGE).
IGNORED = re.compile(r"\sdata-pagefind-ignore(?=[\s=>/])")


def cut(text: str) -> list[tuple[int, str]]:
    """The index tokens of a text, each with the offset of the character it starts at."""
    starts, tokens = _cut(text)
    return list(zip(starts, tokens, strict=True))


def _cut(text: str, seen: dict[str, int] | None = None) -> tuple[list[int], list[str]]:
    """Tokens and their offsets. With `seen` (a page's counts so far), a pair past its MOST_PER_PAGE-th
    occurrence is written as its first character alone, which reads back the same."""
    starts: list[int] = []
    tokens: list[str] = []
    add, get = tokens.append, (seen if seen is not None else {}).get
    pieces = PIECES.findall(text)  # (han, space, word, other), one of them matched; together they cover the text
    last = len(pieces) - 1
    at = 0
    for number, (han, space, word, other) in enumerate(pieces):
        if han:
            size = len(han)
            starts.extend(range(at, at + size))
            if seen is None:
                tokens.extend(map(str.__add__, han, han[1:]))
            else:
                for pair in map(str.__add__, han, han[1:]):
                    count = get(pair, 0)
                    if count < MOST_PER_PAGE:
                        seen[pair] = count + 1
                        add(pair)
                    else:
                        add(pair[0])
            add(han[-1])
            at += size
        elif space:
            # Between two words the plain space says it; next to Chinese (or punctuation) it must be kept.
            if 0 < number < last and not (pieces[number - 1][2] and pieces[number + 1][2]):
                starts.append(at)
                add(SPACE_MARK)
            at += len(space)
        else:
            starts.append(at)
            add(word or other)
            at += len(word or other)
    return starts, tokens


def index_text(text: str) -> str:
    """A plain text as Pagefind should index it: its tokens separated by spaces."""
    return " ".join(_cut(text)[1])


def index_html(html: str) -> str:
    """The page as Pagefind should read it: the text of every block cut into tokens, and nothing Pagefind
    would not use (attributes but `id`, `lang` and Pagefind's own, comments, what it leaves out): the
    smaller the document, the less the feeder sends and Pagefind parses.

    Each pair is indexed at its first MOST_PER_PAGE occurrences in the page only: that finds the page and
    ranks it, and the index of a common pair (工会 on a trade-union site) stays small enough to download.
    The title (<h1>) claims its occurrences first, wherever it is (`search.title_last` puts it last):
    its pairs weigh the most in ranking.
    """
    parts = TAG.split(html)
    flow: list[int] = []  # indexes into `parts` of the texts of the current block
    blocks: list[tuple[list[int], bool]] = []  # each block's texts, and whether it is in the title
    seen: dict[str, int] = {}
    in_title = False

    def finish_flow() -> None:
        if flow:
            blocks.append((flow.copy(), in_title))
            flow.clear()

    def cut_block(flow: list[int]) -> None:
        texts = [unescape(parts[i]) if "&" in parts[i] else parts[i] for i in flow]
        whole = "".join(texts)
        if whole.isspace():
            for i in flow:
                parts[i] = " "
            return
        starts, tokens = _cut(whole, seen)
        if tokens and tokens[-1] != SPACE_MARK:  # the block ends: its text and the next block's stay apart in excerpts
            starts.append(len(whole) - 1)
            tokens.append(SPACE_MARK)
        if len(flow) == 1:
            placed = [tokens]
        else:  # each token goes with the text its first character is in
            placed = [[] for _ in flow]
            owner, end = 0, len(texts[0])
            for start, token in zip(starts, tokens, strict=True):
                while start >= end:
                    owner += 1
                    end += len(texts[owner])
                placed[owner].append(token)
        for i, mine in zip(flow, placed, strict=True):  # tokens have no spaces: escape them joined, at once
            parts[i] = f" {escape(' '.join(mine), quote=False)} " if mine else (" " if parts[i] else "")

    left_out = _LeftOut()  # inside what Pagefind leaves out (a script, a chart, an ignored list): dropped
    for number, part in enumerate(parts):
        if number % 2 == 0:  # text
            if left_out.name:
                parts[number] = ""
            elif part:
                flow.append(number)
            continue
        name, closing, opening, ignored, minimal = _tag(part)
        if left_out.name:
            left_out.closes(name, closing, opening)
            parts[number] = ""
            continue
        if name in INLINE and not ignored:  # not the end of a run of text
            parts[number] = minimal
            continue
        finish_flow()
        if opening and name not in VOID and (name in LEFT_OUT or ignored):
            left_out.enter(name)
            parts[number] = ""
        else:
            parts[number] = minimal
            in_title = opening if name == "h1" else in_title
    finish_flow()
    title_parts = [i for texts, title in blocks if title for i in texts]
    for texts, _title in sorted(blocks, key=lambda block: not block[1]):  # stable: the title's blocks first
        cut_block(texts)
    if title_parts:  # all of the title's units, in their slots, in its first text; nothing in the others
        tokens = [token for i in title_parts for token in parts[i].split()]
        slotted = escape(" ".join(title_slots(tokens)), quote=False)
        for i in title_parts:
            parts[i] = " "
        parts[title_parts[0]] = f" {slotted} "
    return "".join(parts)


def without_ignored(html: str) -> str:
    """`html` without what is inside its elements marked `data-pagefind-ignore` (their own tags stay, so the text
    on either side stays apart): Pagefind reads the same from it (`index_html` drops that content too), and a
    page's search document no longer changes when only such a part did, as a region's or a programme's list of
    the latest stories does with every new story; an unchanged document keeps its search shard in the cache."""
    if "data-pagefind-ignore" not in html:
        return html
    parts = TAG.split(html)
    kept: list[str] = []
    left_out = _LeftOut()
    for number, part in enumerate(parts):
        if number % 2 == 0:  # text
            if not left_out.name:
                kept.append(part)
            continue
        name, closing, opening, ignored, _minimal = _tag(part)
        if left_out.name:
            if left_out.closes(name, closing, opening):
                kept.append(part)
            continue
        kept.append(part)
        if opening and name not in VOID and ignored:
            left_out.enter(name)
    return "".join(kept)


class _LeftOut:
    """The element whose content a scan of tags leaves out, by name ("" when none), and how deep in it the scan is
    (an element of the same name may be nested in it)."""

    def __init__(self) -> None:
        self.name = ""
        self.depth = 0

    def enter(self, name: str) -> None:
        self.name, self.depth = name, 1

    def closes(self, name: str, closing: bool, opening: bool) -> bool:
        """A tag met inside the element: True when it is the element's own end."""
        if name == self.name:
            self.depth += -1 if closing else 1 if opening else 0
            if not self.depth:
                self.name = ""
                return True
        return False


def title_slots(tokens: list[str]) -> list[str]:
    """The title's indexed tokens placed by their own hash in TITLE_SLOTS slots, empty ones SPACE_MARK.

    Pagefind numbers words in order, so a title kept in reading order moves every unit after a change at
    its start (关于… : 11 index chunks of a redeploy). Here a unit's position depends only on the unit and
    on how many times the title said it before. Two units wanting one slot: the one of smaller hash keeps
    it, the other goes after the slots (in hash order), so a new unit moves at most one other and the
    few after it there. Marks and punctuation, which Pagefind does not index, are dropped. The slots
    cost a page up to TITLE_SLOTS words of length (ranking weighs length at 0.3, on every page alike);
    the search page never shows this part (a result shows the title from its metadata).
    """
    counts: dict[str, int] = {}
    hashed: list[tuple[int, str]] = []  # (the hash of the token and its occurrence, the token)
    for token in tokens:
        if NOT_INDEXED.sub("", token):
            counts[token] = counts.get(token, 0) + 1
            hashed.append((zlib.crc32(f"{token} {counts[token]}".encode()), token))  # tokens have no spaces
    size = TITLE_SLOTS
    while 2 * len(hashed) > size:
        size *= 2
    slots = [SPACE_MARK] * size
    overflow: list[str] = []
    for wanted, token in sorted(hashed):
        if slots[wanted % size] == SPACE_MARK:
            slots[wanted % size] = token
        else:
            overflow.append(token)
    while slots and slots[-1] == SPACE_MARK:
        slots.pop()
    return slots + overflow + [SPACE_MARK]


@lru_cache(maxsize=8192)  # a site's pages share most of their tags (<p>, <li class="gh-tag">)
def _tag(tag: str) -> tuple[str, bool, bool, bool, str]:
    """(name, closing, opening, ignored by Pagefind, the tag as Pagefind needs it: the element, its id for
    links to sections, and Pagefind's own attributes; comments dropped, <!doctype html> kept)."""
    name_match = TAG_NAME.match(tag)
    name = name_match.group(1).lower() if name_match else ""
    closing = tag.startswith("</")
    opening = not closing and not tag.endswith("/>")
    if not name:
        return "", closing, False, False, "" if tag.startswith("<!--") else tag
    minimal = f"</{name}>" if closing else f"<{name}{''.join(KEPT_ATTRIBUTE.findall(tag))}>"
    return name, closing, opening, IGNORED.search(tag) is not None, minimal


def query_terms(query: str) -> list[str]:
    """What a reader's query is searched as: the same cut, without each run's last character alone."""
    terms: list[str] = []
    for piece in PIECES.finditer(query.lower()):
        kind, value = piece.lastgroup, piece.group()
        if kind == "han":
            found = [value] if len(value) == 1 else [value[i:i + 2] for i in range(len(value) - 1)]
        elif kind == "word":  # as Pagefind indexes a word: letters, digits and _ only (1.5 → 15)
            found = [word] if (word := NOT_INDEXED.sub("", value)) else []
        else:
            found = []
        terms.extend(term for term in found if term not in terms)
    return terms


def readable(stored: str) -> str:
    """The page's own text back from stored tokens (the search page does this to every excerpt)."""
    out: list[str] = []
    tokens = [token for token in stored.split(" ") if token]
    previous_word = False
    for number, token in enumerate(tokens):
        whole = PIECES.fullmatch(token)
        is_word = whole is not None and whole.lastgroup == "word"
        if token == SPACE_MARK:
            out.append(" ")
        elif len(token) == 2 and HAN_PAIR.fullmatch(token) and number + 1 < len(tokens):
            out.append(token[0])
        else:
            out.append((" " if previous_word and is_word else "") + token)
        previous_word = is_word
    return "".join(out)
