"""Both sample tours' placards, built the way the build builds them, scan 100%, DRAFT ones too."""

from __future__ import annotations

from pathlib import Path

import pytest
from placard_reading import read_placards

from guide.placards import placard_set
from guide.source import load_tour
from qr.placards import render_placards

REAL_URL = "https://audioguide.museum"


@pytest.mark.parametrize("base_url", [REAL_URL, None])  # None: the samples' placeholder
@pytest.mark.parametrize("layout", ["a6", "a4"])
def test_sample_tour_placards_scan_to_their_stops(
    samples: list[Path], layout: str, base_url: str | None
) -> None:
    assert {path.name for path in samples} >= {"alzhir", "baitursynov"}
    for path in samples:
        tour, problems = load_tour(path, base_url)
        assert tour is not None, problems
        placards = placard_set(tour)
        assert placards.draft is (base_url is None)
        read = read_placards(render_placards(placards, layout), layout)
        by_number = {str(stop.number): stop for stop in placards.stops}
        assert sorted(p.number for p in read) == sorted(by_number)
        for placard in read:
            stop = by_number[placard.number]
            assert placard.codes == [stop.url], (tour.id, placard.number)
            assert stop.url == f"{tour.base_url.rstrip('/')}/{tour.id}/{stop.number}"
            for _, title in stop.titles:
                assert title in placard.text, (tour.id, placard.number, title)
            assert ("DRAFT" in placard.text) is placards.draft  # marked, and still scans
