"""Extract the UI strings from the templates and Python, and keep the catalogs in step.

`extract()` is Babel's own extraction (its Python extractor and Jinja2's) over `guide/`;
`update()` writes `messages.pot` and merges it into every `.po` (new strings come in empty,
removed ones go); `problems()` is what the catalog test and `check` report.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from guide.i18n.catalogs import (
    DOMAIN,
    SOURCE_LANGUAGE,
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
        str(root), METHODS, OPTIONS, KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
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


def update(new_languages: tuple[str, ...] = ()) -> list[str]:
    """Re-extract, write the .pot, update every .po (and start `new_languages`). Returns a report."""
    template = extract()
    _write(pot_path(), template)
    report = []
    for code in sorted({*ui_languages(), *new_languages}):
        path = po_path(code)
        if path.exists():
            catalog = read_catalog(path, code)
        else:
            catalog = Catalog(
                locale=code, project=PROJECT, domain=DOMAIN, charset="utf-8", copyright_holder=HOLDER
            )
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: Babel writes it from CLDR, nothing to review
        if code == SOURCE_LANGUAGE:  # the source catalog mirrors its msgids
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
                elif isinstance(message.id, tuple) and not all(message.string):
                    message.string = message.id
        _write(path, catalog)
        todo = len(_untranslated(catalog))
        report.append(f"{path.relative_to(package_dir().parent)}: {todo} to translate")
    ui_languages.cache_clear()
    return report


def _untranslated(catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def problems() -> list[str]:
    """Every way a catalog differs from a fresh extraction, or cannot be used as it is."""
    template = extract()
    wanted = {_key(m.id) for m in template if m.id}
    found = []
    for code in ui_languages():
        path = po_path(code)
        catalog = read_catalog(path, code)
        have = {_key(m.id) for m in catalog if m.id}
        found += [f"{path}: missing {msgid!r}" for msgid in sorted(wanted - have)]
        found += [f"{path}: stale {msgid!r}" for msgid in sorted(have - wanted)]
        found += [f"{path}: untranslated or fuzzy {m!r}" for m in _untranslated(catalog)]
        for message, errors in catalog.check():
            found += [f"{path}:{message.lineno}: {error}" for error in errors]
        if catalog.obsolete:
            found.append(f"{path}: {len(catalog.obsolete)} obsolete (#~) entries")
    return found


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]
