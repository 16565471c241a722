"""The ranking: a total order, stable for equal scores, and parts that add up to the score."""

from __future__ import annotations

import datetime
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from plek.housing.ranking import PART_KEYS, RankInput, Weights, explain, order_key, rank, score

ON = datetime.date(2026, 6, 1)

inputs = st.builds(
    RankInput,
    entry_id=st.integers(1, 10_000),
    registered_on=st.dates(datetime.date(2025, 1, 1), ON),
    priority=st.sampled_from(["spoed", "hoog", "normaal"]),
    children_involved=st.booleans(),
    safety_risk=st.booleans(),
    zrm_housing=st.one_of(st.none(), st.integers(1, 5)),
    zrm_mental=st.one_of(st.none(), st.integers(1, 5)),
)
weights = st.builds(Weights, *[st.integers(0, 100) for _ in PART_KEYS])
entry_lists = st.lists(inputs, max_size=40, unique_by=lambda e: e.entry_id)


@settings(max_examples=200, deadline=None)
@given(entry_lists, weights)
def test_order_is_total_and_independent_of_input_order(entries, w) -> None:
    ranked = rank(entries, w, ON)
    assert [r.position for r in ranked] == list(range(1, len(entries) + 1))
    keys = [order_key(r.score, r.entry) for r in ranked]
    # Strictly increasing: no two entries tie, whatever their scores.
    assert all(a < b for a, b in itertools.pairwise(keys))
    assert [r.entry for r in rank(list(reversed(entries)), w, ON)] == [r.entry for r in ranked]


@settings(max_examples=200, deadline=None)
@given(entry_lists, weights)
def test_equal_scores_keep_registration_then_id_order(entries, w) -> None:
    ranked = rank(entries, w, ON)
    for a, b in itertools.pairwise(ranked):
        assert a.score >= b.score
        if a.score == b.score:
            assert (a.entry.registered_on, a.entry.entry_id) < (
                b.entry.registered_on,
                b.entry.entry_id,
            )


@given(inputs, weights)
def test_parts_add_up_to_the_score(entry, w) -> None:
    parts = explain(entry, w, ON)
    assert [p.key for p in parts] == list(PART_KEYS)
    assert sum(p.points for p in parts) == score(entry, w, ON)
    assert all(p.points == p.raw * p.weight for p in parts)


@given(entry_lists, weights)
def test_ranked_score_equals_its_explanation(entries, w) -> None:
    for ranked in rank(entries, w, ON):
        assert ranked.score == sum(part.points for part in ranked.parts)
