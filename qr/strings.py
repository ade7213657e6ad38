"""The words placards print besides the tour's own text, per language."""

from __future__ import annotations

from collections.abc import Sequence

FALLBACK_LANGUAGE = "en"

# One line under the code: how to reach the stop with or without a camera.
INSTRUCTION: dict[str, str] = {
    "kk": "Кодты сканерлеңіз немесе аудиогидте нөмірді теріңіз",
    "ru": "Отсканируйте код или наберите номер в аудиогиде",
    "en": "Scan the code or type the number in the audio guide",
}


def instruction(lang: str) -> str:
    """The instruction line in `lang`, English when there is none for it."""
    return INSTRUCTION.get(lang) or INSTRUCTION[FALLBACK_LANGUAGE]


def instructions(languages: Sequence[str]) -> list[str]:
    """The instruction lines for a tour, in its language order, each distinct line once."""
    lines: list[str] = []
    for lang in languages:
        line = instruction(lang)
        if line not in lines:
            lines.append(line)
    return lines
