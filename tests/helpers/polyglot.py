"""A small tour in every UI language, with human recordings (WAV) so no engine is needed.

Stop 1 has its own text in every language; stop 2 exists only in Kazakh (the default), with a
content note and an image whose alt text is Kazakh only: every other page shows fallbacks.
The Hebrew title is missing on purpose, so Hebrew pages show the Kazakh one. Chinese,
Japanese and Korean have no stop text or title of their own: placards print every title, and
a test machine has no CJK font (fonts-noto-cjk) -- their pages still test the whole interface.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

from PIL import Image

LANGUAGES = (
    "kk",
    "ru",
    "en",
    "de",
    "fr",
    "es",
    "it",
    "tr",
    "uz",
    "ky",
    "zh",
    "ja",
    "ko",
    "ar",
    "he",
)
RTL = frozenset({"ar", "he"})

TITLES = {
    "kk": "АЛЖИР мемориалы", "ru": "Мемориал АЛЖИР", "en": "The ALZHIR memorial",
    "de": "Gedenkstätte ALZHIR", "fr": "Mémorial ALZHIR", "es": "Memorial ALZHIR",
    "it": "Memoriale ALZHIR", "tr": "ALZHIR Anıtı", "uz": "ALJIR memoriali",
    "ky": "АЛЖИР мемориалы", "ar": "نصب ألجير التذكاري",
}  # fmt: skip

STOP1 = {
    "kk": ("Естелік қабырғасы", "Бұл қабырғада тұтқындардың есімдері жазылған."),
    "ru": ("Стена памяти", "На этой стене написаны имена узниц."),
    "en": ("The wall of memory", "This wall carries the names of the prisoners."),
    "de": ("Die Wand der Erinnerung", "Auf dieser Wand stehen die Namen der Gefangenen."),
    "fr": ("Le mur du souvenir", "Ce mur porte les noms des prisonnières."),
    "es": ("El muro de la memoria", "En este muro están los nombres de las prisioneras."),
    "it": ("Il muro della memoria", "Su questo muro sono scritti i nomi delle prigioniere."),
    "tr": ("Hatıra duvarı", "Bu duvarda tutsak kadınların adları yazılıdır."),
    "uz": ("Xotira devori", "Bu devorda mahbuslarning ismlari yozilgan."),
    "ky": ("Эскерүү дубалы", "Бул дубалга туткундардын ысымдары жазылган."),
    "ar": ("جدار الذاكرة", "يحمل هذا الجدار أسماء السجينات."),
    "he": ("קיר הזיכרון", "על הקיר הזה כתובים שמות האסירות."),
}
STOP2_KK = ("Бала үйі", "Балаларды аналарынан бөліп әкеткен.")
NOTE_KK = "Бұл аялдамада балалардың тағдыры туралы айтылады."
ALT_KK = "Балалар үйінің ескі суреті"


def _wav(path: Path, seconds: float) -> None:
    """A quiet 16-bit mono tone: a valid human "recording" the build encodes with lameenc."""
    rate = 16_000
    frames = b"".join(
        struct.pack("<h", int(800 * math.sin(2 * math.pi * 220 * i / rate)))
        for i in range(int(rate * seconds))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_tour(root: Path, languages: tuple[str, ...] = LANGUAGES, tour_id: str = "poly") -> Path:
    """Write the tour under `root` and return its folder."""
    root.mkdir(parents=True)
    titles = "\n".join(
        f"{lang} = {_toml_string(TITLES[lang])}" for lang in languages if lang in TITLES
    )
    codes = ", ".join(_toml_string(lang) for lang in languages)
    (root / "tour.toml").write_text(
        f'id = "{tour_id}"\nlanguages = [{codes}]\nbase_url = "https://guide.example.org"\n'
        f"\n[title]\n{titles}\n",
        encoding="utf-8",
    )
    one = root / "stops" / "01-wall"
    one.mkdir(parents=True)
    for lang in (code for code in languages if code in STOP1 or code not in LANGUAGES):
        title, body = STOP1.get(lang, STOP1["en"])
        (one / f"{lang}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
        _wav(one / f"{lang}.wav", 0.4)
    two = root / "stops" / "02-children"
    two.mkdir()
    default = languages[0]
    (two / f"{default}.md").write_text(f"# {STOP2_KK[0]}\n\n{STOP2_KK[1]}\n", encoding="utf-8")
    _wav(two / f"{default}.wav", 0.4)
    Image.new("RGB", (64, 48), (90, 80, 70)).save(two / "image.jpg")
    alt, note = _toml_string(ALT_KK), _toml_string(NOTE_KK)
    (two / "stop.toml").write_text(
        f"[alt]\n{default} = {alt}\n\n[note]\n{default} = {note}\n", encoding="utf-8"
    )
    return root
