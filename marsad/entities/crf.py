"""A linear-chain CRF decoder that reads a crfsuite model and tags whole articles at once.

crfsuite scores a token by adding the weights of its feature strings.  Most of those
strings depend on one word only (the word itself, or a neighbour seen from a fixed
offset), so their summed weights are kept per word and reused across sentences; the
sentences of an article are then decoded together, one Viterbi step for all of them
at a time.  The result is the same labelling crfsuite's own tagger gives (a test
checks it), several times faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from marsad.config import WORD_CACHE
from marsad.entities.features import WINDOW, context_keys, gazetteer_phrases, word_features


class LinearChainCRF:
    """Weights of a trained crfsuite model, ready to score and decode sentences.

    Example:
        >>> crf = LinearChainCRF.load(path)                  # doctest: +SKIP
        >>> crf.tag([["قال", "أفيف", "كوخافي"]])               # doctest: +SKIP
        [['O', 'B-PER', 'I-PER']]
    """

    def __init__(
        self,
        labels: list[str],
        weights: dict[str, np.ndarray],
        transitions: np.ndarray,
        o_penalty: float = 0.0,
    ) -> None:
        self.labels = labels
        # Subtracted from every token's O score: trades precision for recall (0 = crfsuite's own labels).
        self.o_penalty = o_penalty
        self._outside = labels.index("O") if "O" in labels else None
        self.weights = weights
        self.transitions = transitions
        self._zero = np.zeros(len(labels))
        # The same weights as one matrix, a row per feature and a last row of zeros for features the
        # model never saw: a word's scores are then one fancy index and one sum per row.
        self._row = {feature: i for i, feature in enumerate(weights)}
        self._matrix = np.vstack([*weights.values(), self._zero]) if weights else self._zero[None]
        # Each word seen: its row in ``_table`` (own score, then what each neighbour offset adds), so
        # that an article's table is one gather instead of a stack of a few hundred small arrays.
        self._words: dict[str, int] = {}
        self._clears = 0  # times ``_words`` was emptied (its rows are then reused)
        self._table = np.zeros((64, len(WINDOW) + 1, len(labels)))
        self._edges = {d: self.score((f"{d}:edge",)) for d in WINDOW}

    @classmethod
    def load(cls, path: Path, o_penalty: float = 0.0) -> LinearChainCRF:
        """Read a model written by ``pycrfsuite.Trainer``."""
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        labels = sorted(info.labels, key=lambda name: int(info.labels[name]))
        index = {name: i for i, name in enumerate(labels)}
        weights: dict[str, np.ndarray] = {}
        for (attribute, label), weight in info.state_features.items():
            weights.setdefault(attribute, np.zeros(len(labels)))[index[label]] = weight
        transitions = np.zeros((len(labels), len(labels)))
        for (before, after), weight in info.transitions.items():
            transitions[index[before], index[after]] = weight
        tagger.close()
        return cls(labels, weights, transitions, o_penalty)

    def clear_cache(self) -> None:
        """Forget the per-word scores (a benchmark's cold pass starts from here)."""
        self._words.clear()

    def score(self, features: Sequence[str]) -> np.ndarray:
        """Summed weights of ``features`` for every label."""
        total = self._zero.copy()
        for feature in features:
            found = self.weights.get(feature)
            if found is not None:
                total += found
        return total

    def word_scores(self, word: str) -> np.ndarray:
        """Rows: the word's own score, then what each neighbour offset in ``WINDOW`` adds (cached).

        Each row sums the weights of its features in feature order, as ``score`` does, so the
        result is the same to the bit; a new word costs one gather and one ``reduceat``.
        """
        return self._table[self._word_row(word)].copy()

    def _word_row(self, word: str) -> int:
        """The word's row in ``_table``, its scores computed when it is new (see ``word_scores``)."""
        found = self._words.get(word)
        if found is None:
            row, unseen = self._row.get, len(self._matrix) - 1
            own = word_features(word)
            # Every segment starts with the zero row, so none is empty (reduceat would misread it).
            ids = [unseen, row("bias", unseen)]
            ids += [row(f, unseen) for f in own]
            keys = context_keys(own)
            starts = [0]
            for d in WINDOW:
                starts.append(len(ids))
                ids.append(unseen)
                ids += [row(f"{d}{f}", unseen) for f in keys]
            if len(self._words) >= WORD_CACHE:
                self._words.clear()  # bound memory on endless streams; the cache refills quickly
                self._clears += 1
            found = len(self._words)
            if found == len(self._table):
                grown = min(2 * found, WORD_CACHE)
                self._table = np.concatenate([self._table, np.zeros((grown - found, *self._table.shape[1:]))])
            self._table[found] = np.add.reduceat(self._matrix[ids], starts, axis=0)
            self._words[word] = found
        return found

    def emissions(self, tokens: list[str]) -> np.ndarray:
        """Per-token label scores of one sentence."""
        return self.article_emissions([tokens])[0]

    def article_emissions(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Per-token label scores of each (non-empty) sentence, computed for all of them at once.

        A token adds, in ``WINDOW`` order, what each neighbour of its own sentence adds, or the
        edge weights where the sentence has no neighbour there: the same additions in the same
        order as one sentence at a time, with a few array operations per article instead of a
        dozen per sentence.
        """
        lengths = [len(s) for s in sentences]
        words = [w for s in sentences for w in s]
        total = len(words)
        known = self._words.get
        rows = [known(w) for w in words]
        clears = self._clears
        if None in rows:  # new words
            rows = [self._word_row(w) for w in words]
        if self._clears == clears:
            table = self._table[rows]
        else:  # the cache was emptied meanwhile and its rows reused: each word's scores one by one
            table = np.stack([self.word_scores(w) for w in words])
        sizes = np.repeat(lengths, lengths)
        position = np.arange(total)
        local = position - np.repeat(np.cumsum(lengths) - lengths, lengths)
        scores = table[:, 0].copy()
        for row, d in enumerate(WINDOW, start=1):
            inside = (local + d >= 0) & (local + d < sizes)
            neighbour = table[np.clip(position + d, 0, total - 1), row]
            scores += np.where(inside[:, None], neighbour, self._edges[d])
        offset = 0
        for sentence in sentences:
            for i, phrase in enumerate(gazetteer_phrases(sentence)):
                if phrase:
                    scores[offset + i] += self.score((f"gp:{phrase}",))
            offset += len(sentence)
        if self._outside is not None:
            scores[:, self._outside] -= self.o_penalty
        return np.split(scores, np.cumsum(lengths)[:-1])

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """Best label sequence of every sentence, decoded together."""
        present = [s for s in sentences if s]
        paths = viterbi(self.article_emissions(present), self.transitions) if present else []
        decoded = iter(paths)
        return [[self.labels[i] for i in next(decoded)] if s else [] for s in sentences]


def viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """Best label index paths for sentences of different lengths, one step for all at a time."""
    if not emissions:
        return []
    lengths = np.array([len(e) for e in emissions])
    longest, labels = int(lengths.max()), transitions.shape[0]
    padded = np.zeros((len(emissions), longest, labels))
    for k, e in enumerate(emissions):
        padded[k, : len(e)] = e
    best = padded[:, 0].copy()
    back = np.zeros((len(emissions), longest, labels), dtype=np.int64)
    for t in range(1, longest):
        candidates = best[:, :, None] + transitions[None]
        back[:, t] = candidates.argmax(axis=1)
        moved = candidates.max(axis=1) + padded[:, t]  # the value at the argmax, without gathering it
        best = np.where((t < lengths)[:, None], moved, best)
    # Back from each sentence's best last label, all sentences a step at a time (a sentence that
    # ends before step t keeps its last label until t reaches it).
    sentences = np.arange(len(emissions))
    label = best.argmax(axis=1)
    path = np.zeros((len(emissions), longest), dtype=np.int64)
    for t in range(longest - 1, 0, -1):
        path[:, t] = label
        label = np.where(t < lengths, back[sentences, t, label], label)
    path[:, 0] = label
    return [path[k, :n].tolist() for k, n in enumerate(lengths.tolist())]
