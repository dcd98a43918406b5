"""Units of measure the treaties count in, with their size in metres or kilograms.

Versions of one treaty often measure in their own units: 20 верст in the Russian is 40 里 in the
Chinese. The words for each unit are language data (`Language.unit_words`); what a unit is worth
is here, once. The sizes are the legal values of the 19th century: the Russian verst, sazhen and
arshin of the 1835 statute (500 sazhens of 7 English feet; an arshin is 28 inches), the pud and
funt (the funt 409.5 g, the pud 40 funts); the Qing chi of the Board of Works (32 cm, so the li
of 1,800 chi is 576 m and the zhang 3.2 m), the jin of 596.8 g and its liang of 1/16; the English
statute mile.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    dimension: str  # "length" or "weight"
    size: float     # in metres or kilograms


UNITS: dict[str, Unit] = {
    "verst": Unit("length", 1066.8),
    "sazhen": Unit("length", 2.1336),
    "arshin": Unit("length", 0.7112),
    "li": Unit("length", 576.0),
    "zhang": Unit("length", 3.2),
    "chi": Unit("length", 0.32),
    "mile": Unit("length", 1609.344),
    "kilometre": Unit("length", 1000.0),
    "pud": Unit("weight", 16.38),
    "funt": Unit("weight", 0.4095),
    "jin": Unit("weight", 0.5968),
    "liang": Unit("weight", 0.0373),
}

# Translators rounded (20 verst is 37 li; a translation may say 40) and the units varied by place
# and decade: two quantities in different units are the same when the larger is within this factor
# of the smaller. 20 verst against 30 li (23% apart) is a difference.
SAME_QUANTITY = 1.15


def same_quantity(value_a: int, unit_a: str, value_b: int, unit_b: str) -> bool:
    """Do two numbers with units of one dimension state about the same quantity?"""
    a, b = UNITS[unit_a], UNITS[unit_b]
    if a.dimension != b.dimension:
        return False
    small, large = sorted((value_a * a.size, value_b * b.size))
    return small > 0 and large / small <= SAME_QUANTITY
