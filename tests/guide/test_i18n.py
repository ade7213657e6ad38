"""The interface in every UI language: catalogs complete and current, plural rules from CLDR,
no English left on a translated page, `lang`/`dir` on the page and on every foreign text."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from polyglot import LANGUAGES, RTL, write_tour

from guide.build import BuildOptions, BuildSummary, build
from guide.i18n.catalogs import (
    catalog_for,
    locale_dir,
    po_path,
    read_catalog,
    translations,
    ui_languages,
)
from guide.i18n.extract import extract, problems, update
from guide.source import load_tour

PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
FORMAT_KEYS = {"decimal", "group", "megabytes", "percent"}


def test_catalogs_match_a_fresh_extraction() -> None:
    assert set(ui_languages()) >= set(LANGUAGES)
    assert problems() == []


def test_check_reports_missing_stale_fuzzy_and_broken_entries(tmp_path: Path) -> None:
    base = tmp_path / "locale"
    shutil.copytree(locale_dir(), base)
    path = po_path("ru", base)
    catalog = read_catalog(path, "ru")
    catalog.delete("Erase")
    catalog.add("A string nobody uses any more", "Строка, которую больше никто не использует")
    catalog["Speed"].flags.add("fuzzy")
    catalog["Stop %(number)s"].string = "Остановка %(nomer)s"
    with path.open("wb") as f:
        write_po(f, catalog)
    found = "\n".join(problems(base))
    assert f"{path}: missing 'Erase'" in found
    assert f"{path}: stale 'A string nobody uses any more'" in found
    assert f"{path}: untranslated or fuzzy 'Speed'" in found
    assert "unknown named placeholder 'nomer'" in found
    assert len(problems(base)) == 4

    update(base=base)  # brings the new string in (empty) and drops the stale one
    left = problems(base)
    assert f"{path}: untranslated or fuzzy 'Erase'" in left
    assert not any(": stale " in line or ": missing " in line for line in left)
    assert len(left) == 3  # Erase to translate, Speed still fuzzy, the broken placeholder


def test_update_starts_a_new_language_with_cldr_plural_rules(tmp_path: Path) -> None:
    base = tmp_path / "locale"
    shutil.copytree(locale_dir(), base)
    update(("pl",), base=base)
    with po_path("pl", base).open("rb") as f:
        polish = read_po(f)
    assert polish.num_plurals == 3
    assert len([m for m in polish if m.id]) == len([m for m in extract() if m.id])
    assert any(
        line.endswith(f"{po_path('pl', base)}: untranslated or fuzzy 'Go'")
        for line in problems(base)
    )


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        ("ru", {1: "1 остановка", 3: "3 остановки", 5: "5 остановок", 21: "21 остановка"}),
        ("kk", {1: "1 аялдама", 7: "7 аялдама"}),
        ("ar", {0: "0 محطة", 1: "محطة واحدة", 2: "محطتان", 5: "5 محطات", 11: "11 محطة"}),
        ("he", {1: "תחנה אחת", 2: "שתי תחנות", 7: "7 תחנות"}),
        ("ja", {1: "1 か所", 9: "9 か所"}),
        ("fr", {0: "0 arrêt", 1: "1 arrêt", 2: "2 arrêts"}),
    ],
)
def test_plural_forms_follow_cldr(lang: str, counts: dict[int, str]) -> None:
    tr = translations(lang)
    for n, expected in counts.items():
        assert tr.ngettext("%(num)s stop", "%(num)s stops", n) % {"num": n} == expected


def test_language_tags_find_their_catalog() -> None:
    assert catalog_for("kk-KZ") == "kk"
    assert catalog_for("zh-Hans") == "zh"
    assert catalog_for("zh-Hant") is None  # the zh catalog is Simplified
    assert catalog_for("pt-BR") is None


# --- built pages ---------------------------------------------------------------------------


class _PageText(HTMLParser):
    """The text and accessible attribute values of a page that are in the page's language."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.html_dir = ""
        self.stack: list[tuple[str, bool]] = []  # (tag, inside text in another language)
        self.chunks: list[str] = []
        self.strings = ""
        self.in_strings = False

    def _foreign(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang, self.html_dir = d.get("lang", ""), d.get("dir", "")
        foreign = self._foreign() or ("lang" in d and d["lang"] != self.html_lang)
        if tag == "html" or (self.stack and "lang" in d and d["lang"] == self.html_lang):
            foreign = False
        if not foreign:
            self.chunks += [d[a] for a in ("aria-label", "title", "alt") if a in d]
        self.in_strings = d.get("id") == "ag-strings"
        if tag not in ("meta", "link", "img", "input", "br", "source"):
            self.stack.append((tag, foreign))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
        self.in_strings = False

    def handle_data(self, data: str) -> None:
        if self.in_strings:
            self.strings += data
        elif not self._foreign() and not (self.stack and self.stack[-1][0] == "script"):
            self.chunks.append(data)


def _read(html: str) -> _PageText:
    parser = _PageText()
    parser.feed(html)
    return parser


def _english_fragments(lang: str) -> set[str]:
    """The English words of every UI string, except those `lang`'s catalog deliberately keeps
    ("Pause" in German). A string missing from the catalog or left empty counts as English."""
    catalog = read_catalog(po_path(lang), lang)
    fragments = set()
    for message in extract():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        entry = catalog.get(message.id)
        kept = entry.string if entry is not None else ()
        kept = kept if isinstance(kept, tuple) else (kept,)
        for msgid in ids:
            if msgid in kept:
                continue
            fragments.update(
                f.strip(" .:;,()…") for f in PLACEHOLDER.split(msgid) if f.strip(" .:;,()…")
            )
    return fragments


@pytest.fixture(scope="module")
def poly_site(polyglot_build: tuple[Path, BuildSummary]) -> Path:
    return polyglot_build[0]


def _page(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_in_each_language_has_its_lang_dir_and_no_english_chrome(
    poly_site: Path, lang: str
) -> None:
    direction = "rtl" if lang in RTL else "ltr"
    english = _english_fragments(lang) if lang != "en" else set()
    for path in (
        f"poly/{lang}/index.html",
        f"poly/{lang}/1/index.html",
        f"poly/{lang}/2/index.html",
        f"404.{lang}.html",
    ):
        page = _read(_page(poly_site, path))
        assert (page.html_lang, page.html_dir) == (lang, direction), path
        text = " ".join(page.chunks)
        strings = json.loads(page.strings)
        text += " " + " ".join(v for k, v in strings.items() if k not in FORMAT_KEYS)
        left = sorted(f for f in english if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text))
        assert left == [], (path, left)


def test_sizes_use_the_locales_unit_and_separators(poly_site: Path) -> None:
    def formats(lang: str) -> dict[str, str]:
        html = _page(poly_site, f"poly/{lang}/index.html")
        strings: dict[str, str] = json.loads(_read(html).strings)
        return strings

    for lang in ("ru", "kk", "ky"):
        assert formats(lang)["megabytes"].replace("\xa0", " ") == "{0} МБ", lang
        assert formats(lang)["decimal"] == ","
    assert formats("fr")["megabytes"] == "{0}\u202fMo"
    assert formats("tr")["percent"] == "%{0}"
    assert formats("en") == {
        "decimal": ".",
        "group": ",",
        "megabytes": "{0} MB",
        "percent": "{0}%",
    } | {k: v for k, v in formats("en").items() if k not in FORMAT_KEYS}


def test_build_side_numbers_and_durations_follow_the_locale(poly_site: Path) -> None:
    assert "2 остановки · Общая длительность 1 мин" in _page(poly_site, "poly/ru/index.html")
    assert "2 Stationen · Gesamtdauer 1 Min." in _page(poly_site, "poly/de/index.html")
    assert "محطتان · المدة الإجمالية 1 د" in _page(poly_site, "poly/ar/index.html")
    assert "共 2 个讲解点 · 总时长 1分钟" in _page(poly_site, "poly/zh/index.html")


def test_text_in_another_language_carries_its_own_lang_and_dir(poly_site: Path) -> None:
    de = _page(poly_site, "poly/de/2/index.html")
    assert "Diese Station gibt es noch nicht auf Deutsch; sie wird auf Kasachisch angezeigt." in de
    assert '<h1 lang="kk">Бала үйі</h1>' in de
    assert 'class="transcript" aria-labelledby="transcript-h" lang="kk">' in de
    assert '<span lang="kk">Бұл аялдамада балалардың' in de  # the content note, Kazakh only
    assert 'alt="Балалар үйінің ескі суреті" lang="kk"' in de

    ar = _page(poly_site, "poly/ar/2/index.html")  # a right-to-left page: Kazakh is ltr in it
    assert '<h1 lang="kk" dir="ltr">Бала үйі</h1>' in ar
    assert 'aria-labelledby="transcript-h" lang="kk" dir="ltr">' in ar
    assert '<h2 id="transcript-h" lang="ar" dir="rtl">النص</h2>' in ar
    assert '<span lang="kk" dir="ltr">Бұл аялдамада' in ar
    assert 'alt="Балалар үйінің ескі суреті" lang="kk" dir="ltr"' in ar

    he = _page(poly_site, "poly/he/index.html")  # no Hebrew title: the Kazakh one, marked
    assert 'class="bar-home" href="../../poly/" lang="kk" dir="ltr">АЛЖИР мемориалы</a>' in he
    assert '<h1 lang="kk" dir="ltr">АЛЖИР мемориалы</h1>' in he
    assert '<span lang="kk" dir="ltr">Бала үйі</span>' in he  # stop 2 in the list

    own = _page(poly_site, "poly/de/1/index.html")
    assert "<h1>Die Wand der Erinnerung</h1>" in own
    for code, name in (("kk", "Қазақша"), ("ar", "العربية"), ("he", "עברית"), ("zh", "中文")):
        direction = "rtl" if code in RTL else "ltr"
        assert (
            f'lang="{code}" dir="{direction}" hreflang="{code}" data-lang="{code}">{name}</a>'
            in own
        )


def test_rtl_player_keeps_back_on_the_left(poly_site: Path) -> None:
    ar = _page(poly_site, "poly/ar/1/index.html")
    buttons = re.search(r'<div class="buttons" dir="ltr">(.*?)</div>', ar, re.S)
    assert buttons is not None
    order = re.findall(r'id="(back|play|fwd)"', buttons.group(1))
    assert order == ["back", "play", "fwd"]
    assert 'aria-label="الرجوع 10 ثوانٍ">−10<' in buttons.group(1)


def test_a_language_without_a_catalog_gets_english_chrome_and_a_warning(tmp_path: Path) -> None:
    tour = write_tour(tmp_path / "tour", languages=("kk", "pt"), tour_id="pt-tour")
    _, problems_found = load_tour(tour)
    warnings = [str(p) for p in problems_found]
    assert any(
        "tour.toml:2: warning: language 'pt' has no interface translation" in w for w in warnings
    ), warnings
    site = tmp_path / "site"
    summary = build([tour], site, BuildOptions(engine="espeak"))
    assert any("'pt'" in p.message for p in summary.warnings)
    html = _page(site, "pt-tour/pt/1/index.html")
    assert '<html lang="en" dir="ltr">' in html
    assert 'data-lang="pt"' in html  # app.js keeps the visitor's tour language
    assert '<h1 lang="pt">The wall of memory</h1>' in html  # the helper's English text, as "pt"
    assert "Stop 1" in html and "Back 10 seconds" in html


def test_the_documented_commands_run(capsys: pytest.CaptureFixture[str]) -> None:
    from guide.i18n.__main__ import main

    assert main(["check"]) == 0
    assert capsys.readouterr().out.strip().endswith("catalogs complete")
    assert main([]) == 2
    assert "python -m guide.i18n update" in capsys.readouterr().out
