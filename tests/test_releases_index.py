"""The indexed release lookups (slac.evaluation.releases) answer as the scan they replaced.

`ScannedReleases` is the previous implementation, kept here as the reference: one list of
releases in (at, sequence) order, scanned forward from the window's start.
"""

from __future__ import annotations

from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from slac import ir
from slac.evaluation.releases import Releases
from slac.inputs.events import Release


class ScannedReleases:
    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.items: list[tuple[int, str, tuple[str, ...], frozenset[str]]] = []

    def add(self, key: tuple[int, int], release: Release) -> None:
        index = bisect_left(self.keys, key)
        self.keys.insert(index, key)
        self.items.insert(index, (key[0], release.kind, release.products, release.fixes))

    def first(self, since: int, end: int, target: ir.ReleaseTarget, product: object) -> int | None:
        for index in range(bisect_left(self.keys, (since, -1)), len(self.items)):
            at, rkind, products, _fixes = self.items[index]
            if at > end:
                return None
            if target.kind is not None and rkind != target.kind:
                continue
            if target.relevant and products and product not in products:
                continue
            return at
        return None

    def fixing(self, since: int, end: int, ticket: str) -> int | None:
        for index in range(bisect_left(self.keys, (since, -1)), len(self.items)):
            at, _kind, _products, fixes = self.items[index]
            if at > end:
                return None
            if ticket in fixes:
                return at
        return None


KINDS = st.sampled_from(["planned", "emergency"])
PRODUCTS = st.sampled_from(["a", "b", "c"])
TICKETS = st.sampled_from(["T-1", "T-2", "T-3"])
INSTANT = st.integers(0, 40)
RELEASES = st.lists(
    st.tuples(
        INSTANT,
        KINDS,
        st.lists(PRODUCTS, max_size=2).map(tuple),
        st.frozensets(TICKETS, max_size=2),
    ),
    max_size=25,
)
QUERIES = st.lists(
    st.tuples(
        INSTANT,
        st.integers(0, 20),
        st.sampled_from([None, "planned", "emergency", "hotfix"]),
        st.booleans(),
        st.one_of(st.none(), st.just(7), PRODUCTS),
        TICKETS,
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=150, deadline=None)
@given(releases=RELEASES, queries=QUERIES)
def test_indexed_lookups_answer_as_the_scan(releases, queries) -> None:
    indexed, scanned = Releases(), ScannedReleases()
    # Releases arrive out of instant order; the sequence number orders equal instants.
    for sequence, (at, kind, products, fixes) in enumerate(releases):
        release = Release(f"r{sequence}", kind, products, fixes)
        indexed.add((at, sequence), release)
        scanned.add((at, sequence), release)
    for since, length, kind, relevant, product, ticket in queries:
        target = ir.ReleaseTarget(kind, relevant)
        end = since + length
        assert indexed.first(since, end, target, product) == scanned.first(
            since, end, target, product
        )
        assert indexed.fixing(since, end, ticket) == scanned.fixing(since, end, ticket)


def test_a_release_listing_no_products_is_relevant_to_every_product() -> None:
    releases = Releases()
    releases.add((10, 0), Release("r0", "planned", ("a",), frozenset()))
    releases.add((20, 1), Release("r1", "planned", (), frozenset({"T-1"})))
    relevant = ir.ReleaseTarget("planned", relevant=True)
    assert releases.first(0, 30, relevant, "a") == 10
    assert releases.first(0, 30, relevant, "b") == 20
    assert releases.first(0, 15, relevant, "b") is None
    assert releases.first(0, 30, relevant, None) == 20
    assert releases.fixing(0, 30, "T-1") == 20
    assert releases.fixing(21, 30, "T-1") is None
