"""Release events indexed for the code-fix override: the first release of a kind (relevant to
a product) in a time window, and the first release fixing a ticket.

Each lookup is a bisect on one sorted list of (instant, sequence) keys, so judging N code-fix
tickets against N releases costs N log N rather than a scan of the releases after each
ticket's code-fix instant (16,000 x 16,000: bench/README.md#release-matching). A release is
filed under its kind and under "any kind" (None), and under each product it lists or, listing
none, under the unscoped list every product's lookup also consults.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from slac import ir
from slac.inputs.events import Release

Key = tuple[int, int]  # (at, sequence): releases in applied order


def _first_in(keys: list[Key] | None, since: int, end: int) -> int | None:
    """The instant of the first key at or after `since` if it is no later than `end`."""
    if not keys:
        return None
    index = bisect_left(keys, (since, -1))
    if index < len(keys) and keys[index][0] <= end:
        return keys[index][0]
    return None


class Releases:
    """Release events in applied order (at, sequence), looked up by time window."""

    __slots__ = ("_by_kind", "_by_product", "_fixing", "_unscoped")

    def __init__(self) -> None:
        self._by_kind: dict[str | None, list[Key]] = {}
        self._by_product: dict[tuple[str | None, str], list[Key]] = {}
        self._unscoped: dict[str | None, list[Key]] = {}
        self._fixing: dict[str, list[Key]] = {}

    def add(self, key: Key, release: Release | None) -> None:
        assert release is not None, "a release event carries its release"
        for kind in (None, release.kind):
            insort(self._by_kind.setdefault(kind, []), key)
            if not release.products:
                insort(self._unscoped.setdefault(kind, []), key)
            for product in set(release.products):
                insort(self._by_product.setdefault((kind, product), []), key)
        for ticket in release.fixes:
            insort(self._fixing.setdefault(ticket, []), key)

    def first(self, since: int, end: int, target: ir.ReleaseTarget, product: object) -> int | None:
        """The instant of the first release in [since, end] of the target's kind that is
        relevant if it must be: listing the ticket's product, or no products."""
        kind = target.kind
        if not target.relevant:
            return _first_in(self._by_kind.get(kind), since, end)
        found = [
            at
            for at in (
                _first_in(self._unscoped.get(kind), since, end),
                _first_in(self._by_product.get((kind, product)), since, end)
                if isinstance(product, str)
                else None,
            )
            if at is not None
        ]
        return min(found, default=None)

    def fixing(self, since: int, end: int, ticket: str) -> int | None:
        """The instant of the first release in [since, end], of any kind, that fixes `ticket`."""
        return _first_in(self._fixing.get(ticket), since, end)
