"""Ingest flaps against real nginx-rtmp servers killed and restarted (the 10-flap version is
bench/flaps.py): each reconnect comes within 5 s of the server's return, the local recording
has no gap, an ingest down for good leaves the others alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rtmp_fixtures import probe, run_flaps, video_times

SECONDS = 24.0
OUTAGES = [(2.0, 5.0), (9.0, 13.0), (16.0, 19.0)]  # three outages of 3 to 4 s


@pytest.fixture(scope="module")
def flaps(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return run_flaps(tmp_path_factory.mktemp("flaps"), OUTAGES, SECONDS)


def test_each_return_of_the_ingest_is_met_within_5_s(flaps) -> None:  # type: ignore[no-untyped-def]
    delays = flaps.reconnect_delays()
    assert len(delays) == len(OUTAGES) and max(delays) < 5.0, delays
    assert len(flaps.flappy.recordings()) == len(OUTAGES) + 1  # one publish per stretch up


def test_local_recording_is_gapless_through_every_flap(flaps) -> None:  # type: ignore[no-untyped-def]
    times = video_times(sorted(Path(flaps.record).glob("rec-*.ts")))
    assert len(times) == SECONDS * 30
    assert max(b - a for a, b in zip(times, times[1:])) < 1.5 / 30


def test_an_ingest_down_for_good_leaves_the_steady_one_alone(flaps) -> None:  # type: ignore[no-untyped-def]
    lost = {d["ingest"] for _, kind, d in flaps.events if kind == "ingest_lost"}
    assert lost == {"flappy", "dead"}
    [flv] = flaps.steady.recordings()  # one publish: never dropped
    assert probe(flv).duration == pytest.approx(SECONDS, abs=1.0)
    times = video_times([flv])
    assert max(b - a for a, b in zip(times, times[1:])) < 1.5 / 30
