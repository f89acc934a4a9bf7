"""Hypothesis settings and text strategies shared by the fuzz tests (tests/test_fuzz_forms.py and
the apps' own fuzz tests)."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=15)

# Surrogates cannot be sent by a browser (the test client cannot encode them either).
any_char = st.characters(exclude_categories=["Cs"])
nasty = "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\u200b\u200e\u202e\u2028\ufeff\uffff'\"<>&;%_\\"
text = st.one_of(
    st.text(any_char, max_size=60),
    st.text(st.sampled_from(nasty), min_size=1, max_size=20),
    st.builds(lambda a, b: a + b, st.text(max_size=10), st.sampled_from(nasty)),
    st.builds(lambda n, c: c * n, st.integers(1000, 100_000), st.sampled_from("党a\x00 ")),
    st.sampled_from(["", " ", "𠀀𪚥", "ﷺ", "🇨🇳", "Ａ", "null", "None", "[]", "{}", "0"]),
)
