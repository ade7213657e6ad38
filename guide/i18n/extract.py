"""Extract the UI strings from the templates and Python, and keep the catalogs in step.

`extract()` is Babel's own extraction (its Python extractor and Jinja2's) over `guide/`;
`update()` writes `messages.pot` and merges it into every `.po` (new strings come in empty,
removed ones go); `problems()` is what the catalog test and `check` report.
"""

from __future__ import annotations

import copy
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from guide.i18n.catalogs import (
    DOMAIN,
    SOURCE_LANGUAGE,
    languages_in,
    locale_dir,
    po_path,
    pot_path,
    read_catalog,
    ui_languages,
)

PROJECT = "audioguide"
HOLDER = "the audioguide contributors"
#: Which files hold UI strings, and how to read them.
METHODS = [
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("strings.py", "python"),
    ("render.py", "python"),
]
OPTIONS = {"templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def package_dir() -> Path:
    return locale_dir().parent


def extract() -> Catalog:
    """A fresh template catalog of every UI string in the package."""
    catalog = Catalog(
        project=PROJECT, domain=DOMAIN, charset="utf-8", fuzzy=False, copyright_holder=HOLDER
    )
    root = package_dir()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        METHODS,
        OPTIONS,
        KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(f"guide/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        write_po(f, catalog, width=100, include_lineno=False, ignore_obsolete=True)
    tmp.replace(path)


def update(new_languages: tuple[str, ...] = (), base: Path | None = None) -> list[str]:
    """Re-extract, write the .pot, update every .po and start one for each of `new_languages`."""
    base = base or locale_dir()
    template = extract()
    if pot_path(base).exists():  # unchanged strings: keep the date, so catalogs do not churn
        old = read_catalog(pot_path(base))
        if _entries(old) == _entries(template):
            template.creation_date = old.creation_date
    _write(pot_path(base), template)
    report = []
    for code in sorted({*languages_in(base), *new_languages}):
        path = po_path(code, base)
        if path.exists():
            catalog = read_catalog(path, code)
        else:
            catalog = Catalog(
                locale=code,
                project=PROJECT,
                domain=DOMAIN,
                charset="utf-8",
                copyright_holder=HOLDER,
            )
        # a copy: Catalog.update shares the template's new messages, and the source language's
        # mirrored strings below would otherwise leak into the catalogs updated after it
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: Babel writes it from CLDR, nothing to review
        if code == SOURCE_LANGUAGE:  # the source catalog mirrors its msgids
            for message in catalog:
                if message.id and not all(_strings(message)):
                    message.string = message.id
        _write(path, catalog)
        todo = len(_untranslated(catalog))
        report.append(f"{path}: {todo} to translate")
    ui_languages.cache_clear()
    return report


def _untranslated(catalog: Catalog) -> list[str]:
    return [_key(m) for m in catalog if m.id and (m.fuzzy or not all(_strings(m)))]


def problems(base: Path | None = None) -> list[str]:
    """Every way a catalog differs from a fresh extraction, or cannot be used as it is."""
    base = base or locale_dir()
    template = extract()
    wanted = {_key(m) for m in template if m.id}
    found = []
    for code in languages_in(base):
        path = po_path(code, base)
        catalog = read_catalog(path, code)
        have = {_key(m) for m in catalog if m.id}
        found += [f"{path}: missing {msgid!r}" for msgid in sorted(wanted - have)]
        found += [f"{path}: stale {msgid!r}" for msgid in sorted(have - wanted)]
        found += [f"{path}: untranslated or fuzzy {m!r}" for m in _untranslated(catalog)]
        for message, errors in catalog.check():
            found += [f"{path}:{message.lineno}: {error}" for error in errors]
        if catalog.obsolete:
            found.append(f"{path}: {len(catalog.obsolete)} obsolete (#~) entries")
    return found


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [
        (m.id, m.context, m.auto_comments, sorted({f for f, _ in m.locations}))
        for m in catalog
        if m.id
    ]


def _key(message: Message) -> str:
    """A message's msgid (the singular one of a plural message)."""
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message: Message) -> tuple[str, ...]:
    """A message's translation(s): one, or one per plural form."""
    value = message.string
    return tuple(value) if isinstance(value, (tuple, list)) else (value or "",)
