"""What the server reuses between requests stays bounded: request data an attacker controls
(a long Range, Cookie or query) is answered but never kept."""

from __future__ import annotations

from server import byte_ranges, redirects
from server.cache_policy import NO_STORE


def test_short_ranges_are_reused_long_ones_answered_and_not_kept() -> None:
    assert byte_ranges.parse_range("bytes=0-1", 1000) == (0, 1)
    before = byte_ranges._parse_cached.cache_info().currsize
    long = "bytes=" + " " * 200 + "5-9"
    assert byte_ranges.parse_range(long, 1000) == (5, 9)
    assert byte_ranges._parse_cached.cache_info().currsize == before
    assert byte_ranges.parse_range("bytes=0-1", 1000) == (0, 1)


def test_stop_redirects_keep_only_small_keys() -> None:
    languages = ("kk", "ru", "en")
    assert redirects.stop_language(b"", b"ru-RU,ru;q=0.9", languages, "kk") == "ru"
    kept = redirects._stop_language.cache_info().currsize
    cookie = b"ag_lang=en; " + b"x=" + b"a" * 4000
    assert redirects.stop_language(cookie, b"ru", languages, "kk") == "en"
    assert redirects._stop_language.cache_info().currsize == kept
    redirects.redirect_headers(b"/alzhir/en/1/", NO_STORE)
    kept = redirects._redirect_headers.cache_info().currsize
    location = b"/alzhir/en/1/?" + b"q" * 4000
    assert (b"location", location) in redirects.redirect_headers(location, NO_STORE)
    assert redirects._redirect_headers.cache_info().currsize == kept
