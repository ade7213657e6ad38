"""The visitor app's interface in many languages: gettext catalogs managed with Babel.

`guide/locale/<lang>/LC_MESSAGES/messages.po` hold the translations (source: English
msgids in the templates and in `guide/strings.py`); they are compiled in memory at build
time. `python -m guide.i18n update` re-extracts every string and updates the catalogs;
`python -m guide.i18n check` lists what is missing. See docs/i18n.md.
"""
