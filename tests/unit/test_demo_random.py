"""The demo's random generator draws exactly as Python's own: a seed gives the same demo whichever
way a draw is written (its shortcuts for randint, choice and choices with cumulative weights)."""

from __future__ import annotations

import random
from itertools import accumulate

import pytest

from dosisdesk.demo.world import DemoRandom


@pytest.mark.parametrize("seed", [0, 1, 7, 2026])
def test_randint_choice_and_pick_draw_what_the_standard_ones_draw(seed: int) -> None:
    ours, std = DemoRandom(seed), random.Random(seed)
    pool = tuple("abcdefghijklmnopqrstuvwxyz")
    weights = tuple(accumulate([5, 1, 30, 2, 2, 9, 0, 4, 1, 17]))
    for i in range(3000):
        lo = i % 50 - 20
        hi = lo + (i * 7) % 1000  # one value, powers of two and the lengths between
        assert ours.randint(lo, hi) == std.randint(lo, hi)
        n = 1 + i % len(pool)
        assert ours.choice(pool[:n]) == std.choice(pool[:n])
        population = range(len(weights))
        assert ours.pick(population, weights) == std.choices(population, cum_weights=weights)[0]
    # and they leave the generator where the standard ones leave it
    assert ours.getstate() == std.getstate()


def test_they_refuse_what_the_standard_ones_refuse() -> None:
    ours = DemoRandom(1)
    with pytest.raises(ValueError):
        ours.randint(3, 2)
    with pytest.raises(IndexError):
        ours.choice([])
    with pytest.raises(ValueError):
        ours.pick("ab", (1,))
    with pytest.raises(ValueError):
        ours.pick("ab", (0, 0))
