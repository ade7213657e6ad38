"""Helpers the browser tests share: a phone-sized context, CSP violations, axe-core's findings."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 30_000


def new_context(browser: Browser, **options: object) -> BrowserContext:
    context = browser.new_context(viewport=PHONE, **options)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    return context


def csp_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            errors.append(message.text)

    page.on("console", seen)
    return errors


AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']"


def axe_violations(page: Page, axe_source: str | None = None) -> list[object]:
    """axe-core's violations on the page (injected first when `axe_source` is given)."""
    if axe_source is not None:
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        f"() => axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}}}})"
    )
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
