from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from audio import NarrationJob, Narrator, mp3
from audio.espeak import EspeakEngine


def jobs() -> list[NarrationJob]:
    return [
        NarrationJob(f"t/{n}/{lang}", lang, f"Stop {n}", f"Text of stop {n}.", album="T", track=n)
        for n in (1, 2)
        for lang in ("en", "ru")
    ]


def narrator(cache: Path) -> Narrator:
    return Narrator("espeak", cache, engines={"espeak": EspeakEngine(workers=1)})


def test_second_build_makes_no_engine_call(tmp_path: Path) -> None:
    first = narrator(tmp_path)
    made = first.narrate(jobs())
    assert first.engine_calls == 4
    second = narrator(tmp_path)
    again = second.narrate(jobs())
    assert second.engine_calls == 0
    assert [m.digest for m in again] == [m.digest for m in made]
    assert [m.job.key for m in again] == [j.key for j in jobs()]


def test_one_changed_stop_makes_exactly_its_call(tmp_path: Path) -> None:
    narrator(tmp_path).narrate(jobs())
    changed = jobs()
    changed[2] = replace(changed[2], markdown="A corrected sentence.")
    n = narrator(tmp_path)
    made = n.narrate(changed)
    assert n.engine_calls == 1
    assert made[2].job.key == "t/2/en" and made[2].seconds > 0


def test_new_tags_need_no_engine_call(tmp_path: Path) -> None:
    before = narrator(tmp_path).narrate(jobs())
    n = narrator(tmp_path)
    after = n.narrate([replace(j, album="Renamed tour") for j in jobs()])
    assert n.engine_calls == 0
    assert all(a.digest != b.digest for a, b in zip(after, before, strict=True))
    assert b"Renamed tour" in after[0].path.read_bytes()


@pytest.mark.parametrize("damage", ["truncate", "garble"])
def test_damaged_cache_files_are_made_again(tmp_path: Path, damage: str) -> None:
    [made] = narrator(tmp_path).narrate(jobs()[:1])
    good = made.path.read_bytes()
    raw = next(tmp_path.joinpath("raw").rglob("*.mp3"))
    for path in (made.path, raw):
        data = path.read_bytes()
        offset, length = mp3.frames(data)[len(mp3.frames(data)) // 2]  # cut inside a frame:
        cut = offset + length // 2  # halving the file may land on a boundary, a valid MP3
        path.write_bytes(data[:cut] if damage == "truncate" else b"\0" * len(data))
    n = narrator(tmp_path)
    [healed] = n.narrate(jobs()[:1])
    assert n.engine_calls == 1
    assert healed.path.read_bytes() == good
    mp3.frames(raw.read_bytes())


def test_damaged_final_file_is_remade_from_raw_audio(tmp_path: Path) -> None:
    [made] = narrator(tmp_path).narrate(jobs()[:1])
    good = made.path.read_bytes()
    made.path.write_bytes(good[:-100])
    n = narrator(tmp_path)
    [healed] = n.narrate(jobs()[:1])
    assert n.engine_calls == 0 and healed.path.read_bytes() == good


def test_builds_in_separate_caches_give_the_same_bytes(tmp_path: Path) -> None:
    one = narrator(tmp_path / "a").narrate(jobs())
    two = narrator(tmp_path / "b").narrate(list(reversed(jobs())))
    assert [m.digest for m in one] == [m.digest for m in reversed(two)]
    tags = mp3.tagged(one[0].path.read_bytes(), title="Stop 1", album="T", track=1, lang="en")
    assert tags == one[0].path.read_bytes()


def test_cache_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUDIOGUIDE_CACHE_DIR", str(tmp_path / "env"))
    assert Narrator("espeak").cache.root == tmp_path / "env"
    assert Narrator("espeak", tmp_path / "flag").cache.root == tmp_path / "flag"


def test_progress_reports_every_job(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    narrator(tmp_path).narrate(jobs(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


@pytest.mark.slow
def test_worker_processes_give_the_same_files(tmp_path: Path) -> None:
    many = [replace(j, markdown=f"Number {i}. " + j.markdown) for i, j in enumerate(jobs() * 2)]
    pooled = Narrator("espeak", tmp_path / "p", engines={"espeak": EspeakEngine(workers=2)})
    inline = narrator(tmp_path / "i")
    assert [m.digest for m in pooled.narrate(many)] == [m.digest for m in inline.narrate(many)]
