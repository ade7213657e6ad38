from __future__ import annotations

from audio.speech import pack, speech_text


def test_markdown_flattens_to_sentences() -> None:
    markdown = (
        "## The carriage\n\nThis **carriage** brought [women](https://example.org) here:\n\n"
        "- wives of *traitors*\n- their children\n\n![a photo](p.jpg)\n\n> Never again"
    )
    text = speech_text("Arrival", markdown)
    assert text == (
        "Arrival. The carriage. This carriage brought women here: wives of traitors. "
        "their children. Never again."
    )


def test_pronounce_replaces_whole_words_only() -> None:
    text = speech_text("ALZHIR", "ALZHIR and ALZHIRs.", {"ALZHIR": "Al-zheer"})
    assert text == "Al-zheer. Al-zheer and ALZHIRs."


def test_pack_keeps_sentences_whole_within_the_limit() -> None:
    sentences = [f"Sentence number {i} is here." for i in range(12)]
    chunks = pack(" ".join(sentences), 100)
    assert all(len(chunk) <= 100 for chunk in chunks)
    assert " ".join(chunks) == " ".join(sentences)
    assert all(chunk.endswith(".") for chunk in chunks)
    assert len(chunks) == 4  # 27-28 characters a sentence: three to a chunk


def test_pack_cuts_long_sentences_at_clauses_then_words() -> None:
    long = "word " * 60 + "end, and " + "x" * 130
    chunks = pack(long.strip(), 100)
    assert all(0 < len(chunk) <= 100 for chunk in chunks)
    assert "".join(chunks).replace(" ", "") == long.replace(" ", "")
