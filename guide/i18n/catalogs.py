"""The UI catalogs on disk, compiled in memory, and the chrome language of a tour language."""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

#: The language the msgids are written in; pages in a language without a catalog use it.
SOURCE_LANGUAGE = "en"
DOMAIN = "messages"

#: Chinese tags written in Traditional characters: the `zh` catalog is Simplified.
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def locale_dir() -> Path:
    return Path(str(resources.files("guide").joinpath("locale")))


def po_path(code: str, base: Path | None = None) -> Path:
    return (base or locale_dir()) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def pot_path(base: Path | None = None) -> Path:
    return (base or locale_dir()) / f"{DOMAIN}.pot"


def languages_in(base: Path) -> tuple[str, ...]:
    """Every language with a catalog under `base`, sorted."""
    return tuple(sorted(p.parent.parent.name for p in base.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


@cache
def ui_languages() -> tuple[str, ...]:
    """Every language with a UI catalog in the package."""
    return languages_in(locale_dir())


def catalog_for(tag: str) -> str | None:
    """The catalog that serves the BCP-47 tag `tag` ("kk-KZ" -> "kk"), or None."""
    low = tag.lower()
    if low.startswith(_TRADITIONAL):
        return None
    for code in ui_languages():
        if low == code.lower() or low.split("-")[0] == code.lower():
            return code
    return None


def chrome_language(tag: str) -> str:
    """The language of a page's buttons and labels: `tag` if it has a catalog, else English."""
    return tag if catalog_for(tag) else SOURCE_LANGUAGE


def no_catalog_message(tag: str) -> str:
    """The build warning for a tour language without a UI catalog."""
    return (
        f"language '{tag}' has no interface translation (guide/locale): its pages show "
        f"English buttons and labels; see docs/i18n.md to add one"
    )


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


@cache
def translations(tag: str) -> Translations:
    """The compiled catalog for `tag` (empty, i.e. English, when there is none)."""
    code = catalog_for(tag)
    if code is None:
        return Translations()
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(po_path(code), code), use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def babel_locale(tag: str) -> Locale:
    """The CLDR locale for formatting numbers, sizes and durations in `tag`."""
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        try:
            return Locale.parse(tag.split("-")[0])
        except (UnknownLocaleError, ValueError):
            return Locale.parse(SOURCE_LANGUAGE)
