"""The importers' timestamp reader: forms, zones, the two clock changes, the years slac covers.
Expected instants worked by hand from the zone rules beside each case."""

from __future__ import annotations

import pytest

from slac.importers.instants import EPOCH, ISO, InstantFormat, iso_z, zone_named

ROME = zone_named("Europe/Rome")


@pytest.mark.parametrize(
    ("pattern", "zone", "text", "expected", "ambiguous"),
    [
        pytest.param(ISO, None, "2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z", False, id="iso-z"),
        pytest.param(
            ISO,
            ROME,
            "2026-03-02T10:00:00+01:00",
            "2026-03-02T09:00:00Z",
            False,
            id="offset-wins-over-zone",
        ),
        pytest.param(
            ISO,
            None,
            "2017-02-28T09:24:59.366-0600",
            "2017-02-28T15:24:59Z",
            False,
            id="jira-basic-offset-fraction-dropped",
        ),
        pytest.param(EPOCH, None, "1772442000", "2026-03-02T09:00:00Z", False, id="epoch"),
        # Rome is CET (+1) in January: 10:00 local = 09:00Z
        pytest.param(
            "%Y/%m/%d %H:%M:%S.%f",
            ROME,
            "2013/01/15 10:00:00.000",
            "2013-01-15T09:00:00Z",
            False,
            id="winter",
        ),
        # CEST (+2) in July: 10:00 local = 08:00Z
        pytest.param(
            "%Y/%m/%d %H:%M:%S.%f",
            ROME,
            "2013/07/15 10:00:00.000",
            "2013-07-15T08:00:00Z",
            False,
            id="summer",
        ),
        # 27 Oct 2013 03:00 CEST -> 02:00 CET: 02:30 happens twice; the first is CEST, 00:30Z
        pytest.param(
            "%d/%m/%Y %H:%M",
            ROME,
            "27/10/2013 02:30",
            "2013-10-27T00:30:00Z",
            True,
            id="ambiguous-earlier",
        ),
        pytest.param(
            "%d/%m/%Y %H:%M", None, "29/2/2016 01:16", None, False, id="naive-without-zone"
        ),
    ],
)
def test_read(pattern, zone, text, expected, ambiguous):
    reader = InstantFormat(pattern, zone)
    if expected is None:
        with pytest.raises(ValueError, match="has no UTC offset and no zone is given"):
            reader.read(text)
        return
    at, was_ambiguous = reader.read(text)
    assert (iso_z(at), was_ambiguous) == (expected, ambiguous)


@pytest.mark.parametrize(
    ("pattern", "text", "message"),
    [
        # 31 Mar 2013 02:00 CET -> 03:00 CEST: 02:30 never happens in Rome
        ("%d/%m/%Y %H:%M", "31/03/2013 02:30", "`31/03/2013 02:30` does not exist in Europe/Rome (the clocks went forward)"),
        ("%d/%m/%Y %H:%M", "2013-03-31", "`2013-03-31` is not a timestamp of the form `%d/%m/%Y %H:%M`"),
        (ISO, "1969-12-31T23:59:59Z", "`1969-12-31T23:59:59Z` is outside the years 1970 to 2199"),
        (EPOCH, "soon", "`soon` is not a number of epoch seconds"),
    ],
)  # fmt: skip
def test_invalid(pattern, text, message):
    with pytest.raises(ValueError) as error:
        InstantFormat(pattern, ROME).read(text)
    assert str(error.value) == message
