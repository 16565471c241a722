"""The ranking: a total order, stable for equal scores, and parts that add up to the score."""

from __future__ import annotations

import datetime
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from plek.housing.ranking import (
    PART_KEYS,
    RankInput,
    Weights,
    day_number,
    explain,
    order_key,
    rank,
    score,
    sort_key,
)

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
weights = st.builds(Weights, *[st.integers(0, 100) for _ in PART_KEYS], st.booleans())
entry_lists = st.lists(inputs, max_size=40, unique_by=lambda e: e.entry_id)


@settings(max_examples=200, deadline=None)
@given(entry_lists, weights)
def test_order_is_total_and_independent_of_input_order(entries, w) -> None:
    ranked = rank(entries, w, ON)
    assert [r.position for r in ranked] == list(range(1, len(entries) + 1))
    keys = [order_key(r.score, r.entry, r.rank_class) for r in ranked]
    # Strictly increasing: no two entries tie, whatever their scores.
    assert all(a < b for a, b in itertools.pairwise(keys))
    assert [r.entry for r in rank(list(reversed(entries)), w, ON)] == [r.entry for r in ranked]


@settings(max_examples=200, deadline=None)
@given(entry_lists, weights)
def test_equal_scores_keep_registration_then_id_order(entries, w) -> None:
    ranked = rank(entries, w, ON)
    for a, b in itertools.pairwise(ranked):
        assert a.rank_class <= b.rank_class
        if a.rank_class < b.rank_class:
            continue
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


@settings(max_examples=200, deadline=None)
@given(entry_lists, weights, st.integers(0, 400))
def test_the_stored_sort_key_orders_like_the_score_on_any_day(entries, w, later) -> None:
    """score(on) = sort_key + weight × day number: the stored key never goes stale by itself."""
    on = ON + datetime.timedelta(days=later)
    for entry in entries:
        assert score(entry, w, on) == sort_key(entry, w) + w.days_waiting * day_number(on)


@given(entry_lists)
def test_by_default_spoed_comes_before_hoog_before_normaal(entries) -> None:
    ranked = rank(entries, Weights(), ON)
    order = {"spoed": 0, "hoog": 1, "normaal": 2}
    classes = [order[r.entry.priority] for r in ranked]
    assert classes == sorted(classes)


def test_a_new_spoed_entry_with_a_safety_risk_leads_its_class() -> None:
    """Issue 12: a new spoed entry with a safety risk ranked 21st of 21 (a point per day)."""
    old = [RankInput(i, ON - datetime.timedelta(days=300 + i), "normaal") for i in range(1, 20)] + [
        RankInput(20, ON - datetime.timedelta(days=200), "spoed")
    ]
    new = RankInput(99, ON, "spoed", safety_risk=True)
    ranked = rank([*old, new], Weights(), ON)
    assert [r.entry.priority for r in ranked[:2]] == ["spoed", "spoed"]
    assert ranked[2].entry.priority == "normaal"
