"""The languages of one page: the tour language it shows, the language of its chrome,
and the `lang`/`dir` marks for every piece of text in another language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from babel import Locale
from babel.support import Translations
from markupsafe import Markup, escape

from guide.i18n.catalogs import babel_locale, chrome_language, translations
from guide.strings import text_direction


@dataclass(frozen=True)
class PageLanguage:
    tag: str  # the tour language the page is for ("kk", "pt-BR")

    @property
    def chrome(self) -> str:
        """`<html lang>`: `tag`, or English when `tag` has no UI catalog."""
        return chrome_language(self.tag)

    @property
    def dir(self) -> str:
        return text_direction(self.chrome)

    @cached_property
    def locale(self) -> Locale:
        return babel_locale(self.chrome)

    @property
    def translations(self) -> Translations:
        return translations(self.chrome)

    def gettext(self, message: str) -> str:
        return str(self.translations.gettext(message))

    def template_gettext(self) -> dict[str, Callable[..., Markup]]:
        """`gettext`/`ngettext` for Jinja2's i18n extension in its new style (the variables are
        filled in and escaped), passed with each render so one compiled template serves all."""
        tr = self.translations

        def gettext(message: str, **variables: Any) -> Markup:
            return Markup(tr.gettext(message)) % variables

        def ngettext(singular: str, plural: str, n: int, **variables: Any) -> Markup:
            variables.setdefault("num", n)
            return Markup(tr.ngettext(singular, plural, n)) % variables

        return {"gettext": gettext, "ngettext": ngettext}

    def attrs(self, code: str, always: bool = False) -> Markup:
        """` lang=".." dir=".."` for text in `code`, or nothing when it is the page's language."""
        if code == self.chrome and not always:
            return Markup("")
        marks = Markup(' lang="{}"').format(escape(code))
        if always or text_direction(code) != self.dir:
            marks += Markup(' dir="{}"').format(text_direction(code))
        return marks
