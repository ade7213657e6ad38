"""Kazakh number words: cardinals, ordinals, decimals, and the words that follow numbers.

Written from the standard grammar (Қазақ тілінің грамматикасы, «Сан есім»; Ф. Мусабекова and
other school grammars): a cardinal is written word by word ("мың тоғыз жүз отыз жеті"; a
leading thousand is "мың", not "бір мың"; a hundred is "жүз"); an ordinal puts the suffix on
the last word only: -ыншы/-інші after a consonant, -ншы/-нші after a vowel, by the word's
vowel harmony, with the two irregular forms жиырмасыншы (20th) and қырқыншы (40th). Every
last word's ordinal is listed below rather than derived, so each can be checked by eye.
A decimal is read "екі бүтін оннан бес" (2,5): the denominator in the ablative.
num2words has Kazakh cardinals but no ordinals and says "бір мың", so all of it is here.
"""

from __future__ import annotations

ONES = ("", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
HUNDRED = "жүз"
SCALES = ("", "мың", "миллион", "миллиард", "триллион")
ZERO = "нөл"

ORDINAL = {
    "нөл": "нөлінші",
    "бір": "бірінші",
    "екі": "екінші",
    "үш": "үшінші",
    "төрт": "төртінші",
    "бес": "бесінші",
    "алты": "алтыншы",
    "жеті": "жетінші",
    "сегіз": "сегізінші",
    "тоғыз": "тоғызыншы",
    "он": "оныншы",
    "жиырма": "жиырмасыншы",
    "отыз": "отызыншы",
    "қырық": "қырқыншы",
    "елу": "елуінші",
    "алпыс": "алпысыншы",
    "жетпіс": "жетпісінші",
    "сексен": "сексенінші",
    "тоқсан": "тоқсаныншы",
    "жүз": "жүзінші",
    "мың": "мыңыншы",
    "миллион": "миллионыншы",
    "миллиард": "миллиардыншы",
    "триллион": "триллионыншы",
}

# The ablative of the denominators 10, 100, 1000, ... (оннан, жүзден, мыңнан).
ABLATIVE = {
    "он": "оннан",
    "жүз": "жүзден",
    "мың": "мыңнан",
    "миллион": "миллионнан",
    "миллиард": "миллиардтан",
}

MONTHS = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
]

# Abbreviations after a number -> the word read (nouns after numbers stay singular).
UNITS = {
    "км": "километр",
    "м": "метр",
    "см": "сантиметр",
    "мм": "миллиметр",
    "кг": "килограмм",
    "т": "тонна",
    "га": "гектар",
    "%": "пайыз",
    "мың": "мың",
    "млн": "миллион",
    "млрд": "миллиард",
    "ж": "жылы",
    "жж": "жылдары",
    "ғ": "ғасыр",
    "ғғ": "ғасырлар",
}

# Endings written after a number and a hyphen ("500-ге", "1930-жылдары" is a word, not these).
# Case endings (септік жалғаулары) in all their forms, plural, possessive 3rd person, and the
# approximate -дай/-дей; a written ending is any chain of these.
ENDINGS = frozenset(
    (
        *("ның", "нің", "дың", "дің", "тың", "тің"),  # genitive
        *("ға", "ге", "қа", "ке", "на", "не", "а", "е"),  # dative
        *("ны", "ні", "ды", "ді", "ты", "ті", "н"),  # accusative
        *("да", "де", "та", "те", "нда", "нде"),  # locative
        *("дан", "ден", "тан", "тен", "нан", "нен"),  # ablative
        *("мен", "бен", "пен", "менен"),  # instrumental
        *("лар", "лер", "дар", "дер", "тар", "тер"),  # plural
        *("ы", "і", "сы", "сі"),  # possessive, 3rd person
        *("дағы", "дегі", "тағы", "тегі"),  # attributive locative
        *("дай", "дей", "тай", "тей"),  # approximate
    )
)
ORDINAL_ENDINGS = frozenset(["ыншы", "інші", "ншы", "нші", "шы", "ші"])


def cardinal(value: int) -> str:
    if value == 0:
        return ZERO
    if value >= 1000 ** len(SCALES):  # past the named scales ("1937 1937 1937 1937" grouped):
        return " ".join(cardinal(int(digit)) for digit in str(value))  # read digit by digit
    groups: list[str] = []
    scale = 0
    while value:
        value, chunk = divmod(value, 1000)
        if chunk:
            words = _chunk(chunk)
            if SCALES[scale]:
                words = f"{words} {SCALES[scale]}"
            groups.insert(0, words)
        scale += 1
    text = " ".join(groups)
    return text[4:] if text.startswith("бір мың") else text


def _chunk(value: int) -> str:
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    words: list[str] = []
    if hundreds:
        words += [ONES[hundreds], HUNDRED] if hundreds > 1 else [HUNDRED]
    words += [TENS[tens], ONES[ones]]
    return " ".join(word for word in words if word)


def ordinal(value: int) -> str:
    head, _, last = cardinal(value).rpartition(" ")
    return f"{head} {ORDINAL[last]}".strip()


def decimal(whole: int, fraction: str) -> str:
    """2,5 -> "екі бүтін оннан бес"; the denominator is 10 to the number of decimals."""
    denominator = cardinal(10 ** len(fraction))
    head, _, last = denominator.rpartition(" ")
    return f"{cardinal(whole)} бүтін {head} {ABLATIVE[last]} {cardinal(int(fraction))}".replace(
        "  ", " "
    )


def is_ending(written: str) -> bool:
    """Whether `written` is a chain of endings ("ге", "лардың", "інші", "ншыға")."""
    if not written:
        return True
    for size in range(min(len(written), 5), 0, -1):
        head = written[:size]
        if (head in ENDINGS or head in ORDINAL_ENDINGS) and is_ending(written[size:]):
            return True
    return False
