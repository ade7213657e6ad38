"""`audioguide say TEXT`: the exact speech text the build would give an engine, and its audio."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from audio import NarrationError, NarrationJob, Narrator
from audio.sentences import sentences, spoken
from guide.errors import AudioguideError


def say(args: argparse.Namespace) -> int:
    text: str = args.text
    if args.text_only:
        print(" ".join(spoken(sentences("", text), lang=args.lang)))
        return 0
    job = NarrationJob(key="say", lang=args.lang, title="", markdown=text, piper=args.voice)
    output: Path = args.output or Path("say.mp3")
    try:
        narrator = Narrator(engine=args.engine)
        for warning in narrator.warnings([job]):
            print(f"warning: {warning}")
        made = narrator.narrate([job])[0]
    except NarrationError as error:
        raise AudioguideError(str(error)) from error
    shutil.copyfile(made.path, output)
    voice = f" ({made.voice})" if made.voice else ""
    print(f"{output}: {made.seconds:.1f} s, {made.engine}{voice}")
    return 0
