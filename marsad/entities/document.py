"""Document memory: what the first pass of the recogniser said about the same word elsewhere.

A name is often recognised in one sentence and missed in the next (الليكود after حزب
الليكود, a family name alone after the full name).  The second pass sees, for every
token, the labels the first pass gave the same clitic-free word elsewhere in the
article, and the first pass's own label for it.
"""

from __future__ import annotations

from marsad.entities.lexicon import strip_proclitics
from marsad.entities.tokens import fold


def memory_features(sentences: list[list[str]], first_pass: list[list[str]]) -> list[list[list[str]]]:
    """Per sentence and token: ``dm:`` labels of the same word elsewhere, ``s1:`` its own first label."""
    stems = [[strip_proclitics(fold(t)) for t in sentence] for sentence in sentences]
    seen: dict[str, dict[str, int]] = {}
    for sentence_stems, labels in zip(stems, first_pass, strict=True):
        for stem, label in zip(sentence_stems, labels, strict=True):
            if label != "O":
                counts = seen.setdefault(stem, {})
                counts[label] = counts.get(label, 0) + 1
    features = []
    for sentence_stems, labels in zip(stems, first_pass, strict=True):
        rows = []
        for stem, label in zip(sentence_stems, labels, strict=True):
            row = [f"s1:{label}"]
            for other, count in seen.get(stem, {}).items():
                # Only what the word got elsewhere: its own label is already s1.
                if count - (other == label) > 0:
                    row.append(f"dm:{other}")
            rows.append(row)
        features.append(rows)
    return features
