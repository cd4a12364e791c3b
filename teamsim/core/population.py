"""Population: children 0-17 in their families, held in NumPy arrays.

Every child updates every week (ageing, shocks, recovery), so per-child state
lives in arrays indexed by *slot* and is updated in bulk. A slot freed by a
child who leaves (turns 18 or moves away) is reused by a newborn or a child
moving in. Children known to the child-welfare team also get a
:class:`teamsim.core.agents.Family` agent, a thin view onto their slot.

Latent need ("risk", 0-10+ need points) is what a child's situation would be
without help. It has two parts: a *chronic* part set by the family's
vulnerability (lognormal), which only help wears down (``treatment_recovery``
a year while a measure is given) and which grows by ``untreated_deterioration`` a
year while a child above the assessment threshold gets no help (and by
``teen_need_growth`` a year, in proportion to vulnerability, at 13-17: the
difficulties of adolescence), and an *acute* part: family crises arrive as
Poisson shocks (more often in vulnerable families and in the teens) and pass
at ``recovery_rate`` a year. Experienced need ("need", what schools and health visitors
see, and the wellbeing score) follows latent need minus the need carried by
the child's current measure and the mobilised network.

All draws a week makes come from the population's own random streams and do
not depend on what the team does, so two scenarios run with the same seed see
the same children, births, moves and shocks (common random numbers).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

WEEKS_PER_YEAR = 52
AGE_OUT_WEEKS = 18 * WEEKS_PER_YEAR
TEEN_WEEKS = 13 * WEEKS_PER_YEAR
NEVER = np.iinfo(np.int32).max


class Population:
    """Per-child state in arrays (one row per slot; ``active`` marks occupied slots)."""

    def __init__(self, params, n_districts: int, rng_pop: np.random.Generator,
                 rng_shock: np.random.Generator) -> None:
        self.p = params
        self.rng = rng_pop
        self.rng_shock = rng_shock
        self.n_districts = n_districts
        self.base_size = params.children
        self.next_id = 0
        self._allocate(int(params.children * 1.25) + 64)
        slots = np.arange(params.children)
        self._fill(slots, self.rng.integers(0, AGE_OUT_WEEKS, params.children))

    # ---- storage --------------------------------------------------------------------
    _FIELDS: ClassVar[dict[str, tuple]] = {
        "active": (bool, False),
        "child_id": (np.int64, -1),
        "age": (np.int32, 0),             # weeks
        "district": (np.int16, 0),
        "vulnerability": (np.float64, 0.0),
        "crisis_proneness": (np.float64, 0.0),  # vulnerability ** shock_vulnerability_power
        "chronic": (np.float64, 0.0),     # lasting part of latent need
        "acute": (np.float64, 0.0),       # passing part of latent need (crises)
        "risk": (np.float64, 0.0),        # latent need without help = chronic + acute
        "need": (np.float64, 0.0),        # experienced need
        "kin": (np.float64, 0.0),         # family network strength 0-1
        "step": (np.int8, 0),             # 0 = no measure, 1-6 the staircase
        "case_open": (bool, False),
        "queued": (bool, False),
        "caseworker": (np.int32, -1),
        "step_start": (np.int32, 0),      # week the current step began
        "next_due": (np.int32, NEVER),    # week the next follow-up is due
        "support": (np.float64, 0.0),     # meeting support 0-1, decays
        "notified_year": (np.int32, -1),  # last calendar year notified
        "ever_case": (bool, False),
        "ever_institution": (bool, False),
        "ever_placed": (bool, False),
        "knowledge_hours": (np.float64, 0.0),  # caseworker hours in the case, ~last 6 months
        "meetings": (np.float64, 0.0),    # network meetings held in the current case
        "last_review": (np.int32, 0),     # week of the last decision on the case
        "next_visit": (np.int32, NEVER),  # week the next supervision visit of a placed child is due
        "transfer_week": (np.int32, -NEVER),  # week the case last changed caseworker
        "emergency": (bool, False),       # placed in an emergency, not yet followed up
    }

    def _allocate(self, capacity: int) -> None:
        for name, (dtype, fill) in self._FIELDS.items():
            old = getattr(self, name, None)
            new = np.full(capacity, fill, dtype=dtype)
            if old is not None:
                new[: old.size] = old
            setattr(self, name, new)
        self.capacity = capacity

    def _fill(self, slots: np.ndarray, ages: np.ndarray) -> None:
        """Put new children (with fresh draws) into ``slots``."""
        n = slots.size
        p = self.p
        rng = self.rng
        self.active[slots] = True
        self.child_id[slots] = np.arange(self.next_id, self.next_id + n)
        self.next_id += n
        self.age[slots] = ages
        self.district[slots] = rng.integers(0, self.n_districts, n)
        vul = p.need_level * rng.lognormal(0.0, p.vulnerability_sigma, n)
        self.vulnerability[slots] = vul
        self.crisis_proneness[slots] = vul ** p.shock_vulnerability_power
        self.chronic[slots] = p.chronic_need * vul
        self.acute[slots] = self.stationary_acute(vul, rng)
        self.risk[slots] = self.chronic[slots] + self.acute[slots]
        self.need[slots] = self.risk[slots]
        a = p.kin_strength_mean * p.kin_strength_spread
        b = (1 - p.kin_strength_mean) * p.kin_strength_spread
        self.kin[slots] = rng.beta(a, b, n)
        for name in ("step", "case_open", "queued", "support", "ever_case", "ever_institution",
                     "ever_placed", "knowledge_hours", "meetings", "emergency", "caseworker",
                     "next_due", "notified_year", "next_visit", "transfer_week", "last_review"):
            getattr(self, name)[slots] = self._FIELDS[name][1]

    def stationary_acute(self, vulnerability: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Draw the acute part from the stationary law of the shock process.

        Exponential shocks at rate lambda decaying at rate delta have a stationary
        Gamma(lambda/delta, mean shock size) distribution (shot noise).
        """
        p = self.p
        shape = p.shock_rate * vulnerability ** p.shock_vulnerability_power / p.recovery_rate
        if p.shock_size == 0:
            return np.zeros(vulnerability.size)
        return rng.gamma(np.maximum(shape, 1e-9), p.shock_size)

    # ---- weekly updates ---------------------------------------------------------------
    def demography(self) -> tuple[np.ndarray, np.ndarray]:
        """Age one week; return (slots leaving, slots entering) this week.

        Leaving slots are *not* yet freed: the model first closes their cases.
        """
        p = self.p
        rng = self.rng
        self.age[self.active] += 1
        move_u = rng.random(self.capacity)
        # placed children stay the placing municipality's children when their family moves
        moving = (move_u < p.move_rate / WEEKS_PER_YEAR) & (self.step < 4)
        leaving = self.active & ((self.age >= AGE_OUT_WEEKS) | moving)
        n_births = rng.poisson(self.base_size * p.births_per_1000 / 1000 / WEEKS_PER_YEAR)
        n_movers = rng.poisson(self.base_size * p.move_rate / WEEKS_PER_YEAR)
        ages = np.concatenate([np.zeros(n_births, np.int32),
                               rng.integers(0, AGE_OUT_WEEKS, n_movers).astype(np.int32)])
        return np.flatnonzero(leaving), ages

    def remove(self, slots: np.ndarray) -> None:
        self.active[slots] = False
        self.child_id[slots] = -1
        self.case_open[slots] = False
        self.queued[slots] = False
        self.step[slots] = 0

    def add(self, ages: np.ndarray) -> np.ndarray:
        """Place new children in the lowest free slots; return the slots used."""
        free = np.flatnonzero(~self.active)
        if free.size < ages.size:
            self._allocate(int(self.capacity * 1.5) + ages.size)
            free = np.flatnonzero(~self.active)
        slots = free[: ages.size]
        self._fill(slots, ages)
        return slots

    def evolve_need(self, effect: np.ndarray, treated_recovery: np.ndarray) -> None:
        """One week of shocks, recovery and need adjustment (all children at once).

        ``effect`` is the need carried by each child's help this week (measure plus
        network support); ``treated_recovery`` the yearly rate at which help wears
        down the chronic part.
        """
        p = self.p
        rng = self.rng_shock
        teen = np.where(self.age >= TEEN_WEEKS, p.teen_shock_factor, 1.0)
        lam = p.shock_rate * self.crisis_proneness * teen / WEEKS_PER_YEAR
        counts = rng.poisson(lam)
        hit = np.flatnonzero(counts)
        sizes = rng.gamma(counts[hit], p.shock_size) if p.shock_size > 0 else np.zeros(hit.size)
        noise = rng.standard_normal(self.capacity)
        self.acute *= np.exp(-p.recovery_rate / WEEKS_PER_YEAR)
        self.acute[hit] += sizes
        self.chronic *= np.exp(-treated_recovery / WEEKS_PER_YEAR)
        # a family in difficulty that gets no help gets worse: late help meets higher need
        untreated = (self.step == 0) & (self.risk > p.assessment_threshold) & self.active
        self.chronic[untreated] += p.untreated_deterioration / WEEKS_PER_YEAR
        # the difficulties of adolescence: need grows at 13-17, more in vulnerable families
        if p.teen_need_growth > 0:
            teens = np.flatnonzero(self.active & (self.age >= TEEN_WEEKS))
            self.chronic[teens] += p.teen_need_growth * self.vulnerability[teens] / WEEKS_PER_YEAR
        np.add(self.chronic, self.acute, out=self.risk)
        self.adjust_need(effect, noise)

    def adjust_need(self, effect: np.ndarray, noise: np.ndarray | float = 0.0) -> None:
        """Experienced need moves toward latent need less the help received."""
        p = self.p
        target = np.maximum(self.risk - effect, 0.0)
        self.need += p.need_adjust_rate * (target - self.need) + p.need_noise * noise
        np.maximum(self.need, 0.0, out=self.need)

    def set_latent(self, slots: np.ndarray, chronic: np.ndarray) -> None:
        """Give ``slots`` this chronic need and no acute part (initial cases)."""
        self.chronic[slots] = chronic
        self.acute[slots] = 0.0
        self.risk[slots] = chronic

    def cap_latent(self, slots: np.ndarray, cap: float) -> None:
        """Scale latent need of ``slots`` down to at most ``cap``."""
        total = self.risk[slots]
        scale = np.where(total > cap, cap / np.maximum(total, 1e-12), 1.0)
        self.chronic[slots] *= scale
        self.acute[slots] *= scale
        self.risk[slots] = self.chronic[slots] + self.acute[slots]
