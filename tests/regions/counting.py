"""Counts made in the tests from plain member rows, independently of the portal's rules."""

import datetime
from collections import Counter


def _age(birth, on):
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _age_band(age):
    for upper, label in [(30, "30岁及以下"), (35, "31—35岁"), (40, "36—40岁"), (45, "41—45岁"),
                         (50, "46—50岁"), (55, "51—55岁"), (60, "56—60岁")]:  # fmt: skip
        if age <= upper:
            return label
    return "61岁及以上"


def independent_counts(members, on):
    """The tables, counted here from plain rows (not with the portal's rule functions)."""
    party = [
        m
        for m in members
        if m["admission_date"] is not None
        and m["admission_date"] <= on
        and (m["joined_on"] is None or m["joined_on"] <= on)
        and (m["left_on"] is None or m["left_on"] > on)
    ]
    full = [m for m in party if m["full_date"] is not None and m["full_date"] <= on]
    return {
        "members": len(party),
        "full": len(full),
        "gender": Counter(m["gender"] or "unknown" for m in party),
        "ethnicity": Counter(
            "unknown" if not m["ethnicity"] else "han" if m["ethnicity"] == "汉族" else "minority"
            for m in party
        ),
        "age": Counter(_age_band(_age(m["birth_date"], on)) for m in party if m["birth_date"]),
        "education": Counter(m["education"] or "unknown" for m in party),
        "converted": sum(
            1
            for m in members
            if m["full_date"] and datetime.date(on.year, 1, 1) <= m["full_date"] <= on
        ),
    }


def cells(stats, key):
    return {cell.key: cell.count for cell in stats.table(key).cells if cell.count}
