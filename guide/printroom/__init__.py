"""The print room: `SITE/<tour>/print/index.html`, a page for staff, never for visitors.

Every placard as it prints (its QR code and titles), links to the placard PDFs and to each QR
code as SVG and PNG, and the tour's coverage table (`guide.coverage`). It sits in `print/`,
outside the offline download and linked from no visitor page, carries `noindex`, needs no
script, and links only relatively, so it also works opened straight from the file system.
"""

from guide.printroom.page import print_room

__all__ = ["print_room"]
