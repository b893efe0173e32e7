"""Learning warmths from the ask ledger: what the user's own ties turned out to be worth.

Every closed ask is evidence. It worked (``met`` or ``introduced``) or it did not (``declined``
or ``no-reply``); open asks say nothing yet. Under the ranking's own model (warmintro.ranking.warmth)
the chance that an ask works is its chain's warmth on the day it was made: the product of its
hops' warmths (each its strength's warmth times its recency factor) times the relay factor.
`calibrate` fits, per strength label, the warmth that best explains the outcomes.

The fit is a MAP estimate. The file's warmth for each label is a prior worth `PRIOR_ASKS`
asks: a Beta prior with that many pseudo-asks, `PRIOR_ASKS * w` of them worked, whose mode is
the file's warmth `w`. So three asks barely move a label and hundreds decide it. The log
posterior is concave in each label's warmth, so it is maximised one label at a time (a
bisection on the derivative), round after round until nothing moves. Pure Python: a handful of
labels and a few thousand asks at most.

An ask whose chain is no longer a chain of relationships in the file is left out (its hops
cannot be weighed) and counted as skipped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import STRENGTHS, Network
from .warmth import recency_factor, relay_factor

#: The file's warmths weigh as much as this many asks.
PRIOR_ASKS = 15
#: Outcomes of a closed ask.
WORKED = frozenset(("met", "introduced"))
FAILED = frozenset(("declined", "no-reply"))
#: Bands of the reliability table: predicted chances 0-20%, 20-40%, ... 80-100%.
BANDS = 5
#: The fit stops when no label's warmth moves more than this in a round.
TOLERANCE = 1e-7
MAX_ROUNDS = 200
#: Learned warmths stay within these bounds (a warmth is in (0, 1]).
LOWEST, HIGHEST = 1e-4, 1.0 - 1e-9


@dataclass(frozen=True)
class Outcome:
    """One closed ask, as evidence: the strength of each hop of its chain, what the rest of the
    model made of it (recency and relay, multiplied), and whether it worked."""

    ask: str
    strengths: tuple[str, ...]
    factor: float
    worked: bool

    def chance(self, warmth: Mapping[str, float]) -> float:
        value = self.factor
        for strength in self.strengths:
            value *= warmth[strength]
        return value


@dataclass(frozen=True)
class LabelFit:
    """What the ledger says about one strength label."""

    strength: str
    #: Closed asks whose chain has a hop of this strength, and how many of them worked.
    asks: int
    worked: int
    current: float
    learned: float

    @property
    def needed(self) -> int:
        """More asks before the ledger weighs as much as the file's warmth."""
        return max(0, PRIOR_ASKS - self.asks)

    def to_json(self) -> dict[str, object]:
        return {
            "strength": self.strength,
            "asks": self.asks,
            "worked": self.worked,
            "current": self.current,
            "learned": self.learned,
            "needed": self.needed,
        }


@dataclass(frozen=True)
class Band:
    """One row of the reliability table: asks whose predicted chance fell in [low, high)."""

    low: float
    high: float
    asks: int
    worked: int
    #: Mean predicted chance with the file's warmths, and with the learned ones.
    predicted: float | None
    learned: float | None

    @property
    def observed(self) -> float | None:
        return self.worked / self.asks if self.asks else None

    def to_json(self) -> dict[str, object]:
        return {
            "low": self.low,
            "high": self.high,
            "asks": self.asks,
            "worked": self.worked,
            "predicted": self.predicted,
            "learned": self.learned,
            "observed": self.observed,
        }


@dataclass(frozen=True)
class Calibration:
    labels: tuple[LabelFit, ...]
    #: Asks binned by their chance under the file's warmths.
    bands: tuple[Band, ...]
    #: Closed asks used, open asks (no evidence yet) and asks left out (chain no longer in the file).
    closed: int
    open: int
    skipped: tuple[str, ...]
    relay: float
    half_life_years: float
    prior_asks: int = PRIOR_ASKS

    @property
    def learned(self) -> dict[str, float]:
        return {fit.strength: fit.learned for fit in self.labels}

    @property
    def needed(self) -> int:
        """More closed asks before the ledger as a whole weighs as much as the file's table."""
        return max(0, self.prior_asks - self.closed)

    def to_json(self) -> dict[str, object]:
        return {
            "prior_asks": self.prior_asks,
            "closed_asks": self.closed,
            "open_asks": self.open,
            "skipped_asks": list(self.skipped),
            "needed": self.needed,
            "relay": self.relay,
            "half_life_years": self.half_life_years,
            "labels": [fit.to_json() for fit in self.labels],
            "reliability": [band.to_json() for band in self.bands],
        }


def outcomes(network: Network) -> tuple[list[Outcome], int, list[str]]:
    """The ledger's closed asks as evidence, how many asks are open, and the ids of the closed
    asks left out because their chain is no longer in the file."""
    settings = network.settings
    found: list[Outcome] = []
    skipped: list[str] = []
    still_open = 0
    for ask in network.intros:
        if ask.status not in WORKED and ask.status not in FAILED:
            still_open += 1
            continue
        rels = [network.relationship(a, b) for a, b in itertools.pairwise(ask.people)]
        if any(rel is None for rel in rels) or any(p not in network.people for p in ask.people):
            skipped.append(ask.id)
            continue
        factor = relay_factor(len(rels), settings.relay)
        for rel in rels:
            assert rel is not None
            factor *= recency_factor(rel.last_contact, ask.day, settings.half_life_years)
        strengths = tuple(rel.strength for rel in rels if rel is not None)
        found.append(Outcome(ask.id, strengths, factor, ask.status in WORKED))
    return found, still_open, skipped


def fit(evidence: Sequence[Outcome], prior: Mapping[str, float], prior_asks: float = PRIOR_ASKS) -> dict[str, float]:
    """The MAP warmth of each strength label given the outcomes, with `prior` worth
    `prior_asks` asks (see the module docstring)."""
    warmth = {s: min(HIGHEST, max(LOWEST, prior[s])) for s in STRENGTHS}
    uses = {s: [(o, o.strengths.count(s)) for o in evidence if s in o.strengths] for s in STRENGTHS}
    for _ in range(MAX_ROUNDS):
        moved = 0.0
        for strength in STRENGTHS:
            if not uses[strength]:
                continue
            new = _maximise(strength, uses[strength], warmth, prior[strength], prior_asks)
            moved = max(moved, abs(new - warmth[strength]))
            warmth[strength] = new
        if moved < TOLERANCE:
            break
    return warmth


def _maximise(
    strength: str, uses: list[tuple[Outcome, int]], warmth: dict[str, float], mode: float, prior_asks: float
) -> float:
    """The warmth of `strength` that maximises the log posterior, the other labels held: the
    root of its derivative, which falls from +inf to -inf on (0, 1) (concave)."""
    # each ask's chance is rest * w ** k, with rest its chance without this label's hops
    terms = []
    for outcome, k in uses:
        rest = outcome.factor
        for s in outcome.strengths:
            if s != strength:
                rest *= warmth[s]
        terms.append((rest, k, outcome.worked))
    a, b = prior_asks * mode, prior_asks * (1 - mode)

    def slope(w: float) -> float:
        total = a / w - b / (1 - w)
        for rest, k, worked in terms:
            if worked:
                total += k / w
            else:
                p = rest * w**k
                total -= k * p / (w * (1 - p)) if p < 1 else math.inf
        return total

    low, high = LOWEST, HIGHEST
    if slope(low) <= 0:
        return low
    if slope(high) >= 0:
        return high
    for _ in range(60):
        middle = (low + high) / 2
        if slope(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def calibrate(network: Network, *, prior: Mapping[str, float] | None = None) -> Calibration:
    """Fit each strength's warmth to the ledger's closed asks; `prior` defaults to the file's
    warmth table (the defaults, when the file has none)."""
    settings = network.settings
    table = dict(prior if prior is not None else settings.prior or settings.warmth)
    evidence, still_open, skipped = outcomes(network)
    learned = fit(evidence, table)
    labels = tuple(
        LabelFit(
            strength=s,
            asks=sum(1 for o in evidence if s in o.strengths),
            worked=sum(1 for o in evidence if s in o.strengths and o.worked),
            current=table[s],
            learned=learned[s],
        )
        for s in reversed(STRENGTHS)
    )
    return Calibration(
        labels=labels,
        bands=_reliability(evidence, table, learned),
        closed=len(evidence),
        open=still_open,
        skipped=tuple(skipped),
        relay=settings.relay,
        half_life_years=settings.half_life_years,
    )


def _reliability(
    evidence: Sequence[Outcome], current: Mapping[str, float], learned: Mapping[str, float]
) -> tuple[Band, ...]:
    rows: list[list[tuple[float, float, bool]]] = [[] for _ in range(BANDS)]
    for outcome in evidence:
        chance = outcome.chance(current)
        rows[min(BANDS - 1, int(chance * BANDS))].append((chance, outcome.chance(learned), outcome.worked))
    bands = []
    for i, row in enumerate(rows):
        n = len(row)
        bands.append(
            Band(
                low=i / BANDS,
                high=(i + 1) / BANDS,
                asks=n,
                worked=sum(1 for *_, worked in row if worked),
                predicted=sum(c for c, _, _ in row) / n if n else None,
                learned=sum(c for _, c, _ in row) / n if n else None,
            )
        )
    return tuple(bands)


def use_learned(network: Network) -> Network:
    """Rank `network` with warmths learned from its ledger from now on: computed from the
    ledger in memory, never written to the file. Returns the same network."""
    settings = network.settings
    if settings.prior is None:
        learned = calibrate(network).learned
        network.settings = replace(settings, warmth=learned, learned=True, prior=dict(settings.warmth))
    return network
