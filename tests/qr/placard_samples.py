"""Hand-made placard sets with real Kazakh, Russian and English titles."""

from __future__ import annotations

from qr.placards import PlacardSet, PlacardStop

BASE = "https://audioguide.example.org/alzhir"
KK_LETTERS = "әғқңөұүһі"

LONG_TITLES = (
    (
        "kk",
        "Ахмет Байтұрсынұлының жұмыс бөлмесі: қазақ әліпбиі, алғашқы оқулықтар "
        "және ұлт тағдыры туралы ойлар",
    ),
    (
        "ru",
        "Рабочий кабинет Ахмета Байтурсынова: казахский алфавит, первые учебники "
        "и размышления о судьбе нации",
    ),
    (
        "en",
        "Akhmet Baitursynov's study: the Kazakh alphabet, the first textbooks and "
        "his thoughts on the fate of the nation",
    ),
)


def stop(number: int, *titles: tuple[str, str]) -> PlacardStop:
    return PlacardStop(number=number, url=f"{BASE}/{number}", titles=titles)


def _alzhir() -> PlacardSet:
    """Seven stops: enough for two A4 sheets, one of them partly empty."""
    return PlacardSet(
        tour_titles=(
            ("kk", "«АЛЖИР» мемориалдық кешені"),
            ("ru", "Мемориальный комплекс «АЛЖИР»"),
            ("en", "ALZHIR Memorial Complex"),
        ),
        languages=("kk", "ru", "en"),
        stops=(
            stop(1, ("kk", "Тұтқындар вагоны"), ("ru", "Вагон"), ("en", "The prison carriage")),
            stop(3, ("kk", "Қасірет аркасы"), ("ru", "Арка скорби"), ("en", "The Arch of Sorrow")),
            stop(
                4,
                ("kk", "Екі мүсін: түңілу мен үміт"),
                ("ru", "Две скульптуры: отчаяние и надежда"),
                ("en", "Two statues: despair and hope"),
            ),
            stop(
                5,
                ("kk", "«Көз жасы» стеласы"),
                ("ru", "Стела «Слеза»"),
                ("en", "The Tear stela"),
            ),
            stop(
                9,
                ("kk", "Байтұрсынұлы әліпбиі: Ә Ғ Қ Ң Ө Ұ Ү Һ І, һәм балалар"),
                ("ru", "Алфавит Байтурсынова"),
                ("en", "Baitursynov's alphabet"),
            ),
            stop(12, ("kk", "Есімдер қабырғасы"), ("ru", "Стена имён"), ("en", "Wall of Names")),
            stop(2024, *LONG_TITLES),
        ),
    )


ALZHIR = _alzhir()
