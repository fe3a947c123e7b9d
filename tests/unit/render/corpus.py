# ruff: noqa: E501  (replies are data; wrapping them would hide their shape)
"""Realistic chat replies, the way models write them (issue 13).

``PIECES`` are typical reply sections; ``REPLIES`` are each piece alone plus
deterministic two- and three-piece compositions (an intro, a body, a wrap-up),
because real replies are such sequences. No math: cmark-gfm has none.
"""

from __future__ import annotations

PIECES: tuple[str, ...] = (
    "Here are the steps:\n1. Install the package\n2. Run `make`\n3. Check the output\n",
    "The main options are:\n- **fast**: skips checks\n- **safe**: checks everything\n",
    "**Note:**\n- this needs Python 3.11\n- and a C compiler\n",
    "## Installation\n- Download the archive\n- Unpack it\n\n## Usage\n1. Open a terminal\n2. Run it\n",
    "### Summary\n1) First point\n2) Second point\n",
    "- Top level\n  - nested with two spaces\n    - deeper\n- Back to top\n",
    "1. Step one\n    - detail with four spaces\n    - another detail\n2. Step two\n",
    "1. Create a file:\n   ```python\n   print('hello')\n   ```\n2. Run it:\n   ```bash\n   python hello.py\n   ```\n3. Done.\n",
    "> **Tip:** use a virtual environment\n>\n> ```bash\n> python -m venv .venv\n> ```\n",
    "> A quote\n> - with a list\n> - inside\n",
    "| Option | Type | Default |\n|:-------|:----:|--------:|\n| `timeout` | `int` | `30` |\n| `retries` | `int` | `3` |\n",
    "Comparison:\n\n| Library | Speed | Notes |\n|---|---|---|\n| httpx | fast | async **and** sync |\n| requests | ok | sync only |\n",
    '```json\n{\n  "name": "demo",\n  "version": 1\n}\n```\n',
    "```\nplain code block\n\n\nwith blank lines\n```\n",
    "    indented code\n    second line\n\nAfter the code.\n",
    "你好！这是一个 example，包含 **中文** 和 English。\n\n- 第一步：安装 `pip`\n- 第二步：运行 python\n",
    "步骤如下：\n1. 打开设置\n2. 选择“高级”\n3. 点击 *保存*\n",
    "See https://docs.python.org/3/library/asyncio.html for details.\n",
    "Visit www.example.com or email <support@example.com>.\n",
    'Read [the guide](https://example.com/guide "Guide") and [the FAQ][faq].\n\n[faq]: https://example.com/faq\n',
    "This line is very long " * 30 + "and ends here.\n",
    "Use `git rebase -i HEAD~3` to squash, then `git push --force-with-lease`.\n",
    "Some ~~wrong~~ corrected text and *emphasis* and __strong__ words.\n",
    "- [x] Write the code\n- [ ] Write the tests\n- [ ] Ship it\n",
    "Line one  \nline two with a hard break\nline three\n",
    "---\n\nA section after a rule.\n",
    "Title\n=====\n\nSubtitle\n--------\n\nText.\n",
    "1. First\n\n2. Second, loose list\n\n3. Third\n",
    "- item\n\n  continued paragraph in the item\n\n- next item\n",
    "The function `f(x)` returns `x * 2`, e.g. `f(3) == 6`.\n",
    "Escapes: \\*not emphasis\\*, \\_also not\\_, and a literal \\`.\n",
    "#hashtag is not a heading, but\n# this is\n",
    "Prices: $5 and $10 are fine.\n",
    "Nested quote:\n\n> level one\n>> level two\n",
    "Mixed list markers:\n- a\n- b\n\n* c\n* d\n",
    "1. one\n1. two\n1. three\n",
    "5. starts at five\n6. six\n",
    "**Bold label:** value\n*Italic label:* value\n",
    "```diff\n- removed line\n+ added line\n```\n",
    "A paragraph\nwith a soft wrap\nacross lines.\n",
    "Table right after text:\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "In summary, **always** check the logs first.\n",
)

_INTROS = (0, 1, 15, 16, 17, 20, 22, 39, 40)


def _replies() -> tuple[str, ...]:
    out = list(PIECES)
    n = len(PIECES)
    for i in range(n):
        out.append(PIECES[i] + "\n" + PIECES[(i * 7 + 3) % n])
    for i, j in enumerate(_INTROS):
        for k in range(4):
            out.append(PIECES[j] + "\n" + PIECES[(i * 5 + k * 11 + 2) % n] + "\n" + PIECES[41])
    return tuple(out)


REPLIES: tuple[str, ...] = _replies()
