"""`python -m guide.i18n update [LANG...]` re-extracts the UI strings and updates every
catalog (and starts a catalog for each LANG); `python -m guide.i18n check` lists what is
missing, stale or untranslated and exits 1 if anything is."""

from __future__ import annotations

import sys

from guide.i18n.extract import problems, update


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        for line in update(tuple(argv[1:])):
            print(line)
        return 0
    if argv == ["check"]:
        found = problems()
        for line in found:
            print(line)
        print("catalogs complete" if not found else f"{len(found)} problem(s)")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
