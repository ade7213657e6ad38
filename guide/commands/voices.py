"""`audioguide voices [add PATH|URL | remove NAME]`: the Piper voices the build can use."""

from __future__ import annotations

import argparse

from audio import voices
from guide.errors import AudioguideError


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "add":
            voice = voices.add(args.source)
            print(f"installed {voice.name} ({voice.language}, {voice.quality}) -> {voice.model}")
            return 0
        if args.action == "remove":
            print(f"removed {voices.remove(args.name)}")
            return 0
    except voices.VoiceError as error:
        raise AudioguideError(str(error)) from error
    found = voices.installed()
    if not found:
        print(f"no Piper voices installed (folder: {voices.voices_dir()})")
        print("install one with: audioguide voices add PATH.onnx|URL")
        return 0
    print(f"{'NAME':28} {'LANGUAGE':9} {'QUALITY':8} {'SPEAKERS':>8} {'SIZE':>8}  LICENCE  SOURCE")
    for voice in found:
        source = f"package {voice.package}" if voice.package else str(voice.model.parent)
        print(
            f"{voice.name:28} {voice.language:9} {voice.quality:8} {voice.speakers:>8} "
            f"{voice.bytes / 1e6:>6.1f}MB  {voice.licence:7}  {source}"
        )
    return 0
