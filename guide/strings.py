"""The visitor app's own words that app.js shows, language names and text direction.

Every UI string is an English msgid translated through the gettext catalogs in
`guide/locale/` (see docs/i18n.md): templates call `_()`/`ngettext()`, and the strings that
app.js fills in at run time are listed here. Placeholders for app.js are `{name}`, filled by
`fill()` there; numbers, percentages and sizes are formatted in the browser with `Intl`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from babel import Locale, UnknownLocaleError

#: Each language in its own name, for the language picker (Babel's CLDR name otherwise).
LANGUAGE_NAMES: Mapping[str, str] = {
    "kk": "Қазақша",
    "ru": "Русский",
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "tr": "Türkçe",
    "uz": "Oʻzbekcha",
    "ky": "Кыргызча",
    "zh": "中文",
    "ja": "日本語",
    "ko": "한국어",
    "ar": "العربية",
    "he": "עברית",
}

#: Languages written right to left: their pages (and any text in them) get dir="rtl".
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "dv", "ug", "ckb"})


def app_strings(_: Callable[[str], str]) -> dict[str, str]:
    """The strings app.js uses, translated by `_` (a gettext function)."""
    return {
        "download": _("Download tour"),
        # Translators: {size} is a size like "12 MB", formatted by the browser.
        "download_size": _("Download tour ({size})"),
        # Translators: {percent} is a percentage like "45%", formatted by the browser.
        "downloading": _("Downloading… {percent}"),
        "downloaded": _("The tour is saved on this phone and works without internet."),
        # Translators: {reason} is a technical message from the browser, often in English.
        "download_failed": _(
            "The download stopped: {reason}. Try again; it continues where it stopped."
        ),
        "download_resume": _("Continue download ({size} left)"),
        "updating": _("Updating the saved tour… {percent}"),
        "evicted": _("Your browser removed the saved tour to free space."),
        "download_again": _("Download again"),
        # Translators: {used} and {quota} are sizes like "12 MB".
        "storage": _("Used on this phone: {used} of {quota}"),
        "play": _("Play"),
        "pause": _("Pause"),
        # Translators: {time} is a position in the recording, like 1:25.
        "resumed": _("Continuing from {time}."),
        "no_such_stop": _("There is no stop {number}."),
        "visited": _("visited"),
        "opening": _("Opening the stop in your language…"),
        # Translators: {language} is a language's own name ("Қазақша"); {size} like "12 MB".
        "download_in": _("Download tour in {language} ({size})"),
        "saved": _("saved"),
        "not_saved": _("not saved offline"),
        # Translators: {language} is a language's own name ("Қазақша").
        "not_saved_offline": _(
            "{language} is not saved on this phone. Connect to the internet to open it."
        ),
        # Translators: {size} is a size like "12 MB".
        "quota": _(
            "Not enough storage on this phone: {size} more is needed. "
            "Free some space, then try again; what is saved is kept."
        ),
    }


def language_name(lang: str) -> str:
    """A language in its own name ("Қазақша"), or its code when nothing knows it."""
    known = LANGUAGE_NAMES.get(lang) or LANGUAGE_NAMES.get(lang.split("-")[0])
    if known:
        return known
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return lang
    name = locale.get_display_name(locale) or lang
    return name[:1].upper() + name[1:]


def language_name_in(lang: str, ui: Locale) -> str:
    """`lang`'s name in the interface language `ui` ("казахский" on a Russian page)."""
    name = ui.languages.get(lang.replace("-", "_")) or ui.languages.get(lang.split("-")[0])
    return name or language_name(lang)


def text_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr"
