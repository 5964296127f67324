"""Wall-clock timing of several functions in interleaved rounds.

Every function in a group runs once per round, in an order that rotates from round to
round, so that a burst of load from other processes on a shared machine slows all of them
instead of one. The caller reports the minimum of the rounds as the best estimate and the
median as a check on the noise.
"""

from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass
from typing import Callable, Dict, List


@dataclass
class Rounds:
    """The wall times of one group of functions, in seconds, one entry per round."""

    samples: Dict[str, List[float]]
    warm_up_seconds: float

    def minimum(self, name: str) -> float:
        return min(self.samples[name])

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])

    def to_json(self) -> dict:
        return {"samples": self.samples, "warm_up_seconds": self.warm_up_seconds}


def time_once(function: Callable[[], object]) -> float:
    """Run `function` once and return its wall time in seconds.

    A full garbage collection runs first, outside the timed span, so that each call starts
    from the same heap. The returned object is freed after the clock stops, so freeing the
    previous call's output is never charged to the next call.
    """
    gc.collect()
    start = time.perf_counter_ns()
    output = function()
    elapsed = time.perf_counter_ns() - start
    del output
    return elapsed / 1e9


def run_rounds(
    functions: Dict[str, Callable[[], object]],
    budget_seconds: float,
    min_rounds: int = 3,
    max_rounds: int = 25,
) -> Rounds:
    """Time every function in interleaved rounds after one warm-up round.

    The warm-up round is not kept. Its total time decides the number of rounds: as many as
    fit in `budget_seconds`, but at least `min_rounds` and at most `max_rounds`. The
    garbage collector stays enabled while a function runs, as it would in a caller.
    """
    names = list(functions)
    warm_up_start = time.perf_counter()
    for name in names:
        time_once(functions[name])
    warm_up_seconds = time.perf_counter() - warm_up_start

    rounds = int(budget_seconds / max(warm_up_seconds, 1e-9))
    rounds = max(min_rounds, min(max_rounds, rounds))
    samples: Dict[str, List[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(time_once(functions[name]))
    return Rounds(samples=samples, warm_up_seconds=warm_up_seconds)
