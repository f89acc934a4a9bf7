"""What changed between two versions of a report, as data the template renders escaped.

Lines (paragraphs) are matched first; a changed paragraph is then compared character by
character, since Chinese text has no spaces to split words on. The result is a list of
paragraphs, each a list of (op, text) pieces with op in "equal", "insert", "delete";
the template wraps them in <ins>/<del> with autoescaping on: user text is never marked safe.
"""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext

# Paragraphs less similar than this are shown as rewritten (old struck out, new underlined)
# rather than as a confetti of single characters.
REWRITTEN_BELOW = 0.4


@dataclass(frozen=True)
class Paragraph:
    op: str  # "equal", "insert", "delete" or "replace"
    pieces: tuple


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading: str
    paragraphs: tuple

    @property
    def changed(self):
        return any(p.op != "equal" for p in self.paragraphs)


def _chars(old, new):
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < REWRITTEN_BELOW:
        return (("delete", old), ("insert", new))
    pieces = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", old[i1:i2]))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", old[i1:i2]))
        if op in ("insert", "replace"):
            pieces.append(("insert", new[j1:j2]))
    return tuple(pieces)


def diff_text(old, new):
    old_lines, new_lines = old.splitlines(), new.splitlines()
    paragraphs = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            paragraphs += [Paragraph("equal", (("equal", line),)) for line in old_lines[i1:i2]]
        elif op == "delete":
            paragraphs += [Paragraph("delete", (("delete", line),)) for line in old_lines[i1:i2]]
        elif op == "insert":
            paragraphs += [Paragraph("insert", (("insert", line),)) for line in new_lines[j1:j2]]
        else:
            olds, news = old_lines[i1:i2], new_lines[j1:j2]
            for index in range(max(len(olds), len(news))):
                if index >= len(olds):
                    paragraphs.append(Paragraph("insert", (("insert", news[index]),)))
                elif index >= len(news):
                    paragraphs.append(Paragraph("delete", (("delete", olds[index]),)))
                else:
                    paragraphs.append(Paragraph("replace", _chars(olds[index], news[index])))
    return tuple(paragraphs)


def diff_versions(old, new):
    """[SectionDiff] for the title and the three sections of two ReportVersion-like objects."""
    result = [SectionDiff("title", gettext("标题"), diff_text(old.title, new.title))]
    for (key, heading, old_text), (_k, _h, new_text) in zip(
        old.sections(), new.sections(), strict=True
    ):
        result.append(SectionDiff(key, str(heading), diff_text(old_text, new_text)))
    return result
