"""jieba tokens, and the tag and punctuation classes the rules read them by.

jieba.posseg is set up once, lazily and under a lock: loading its dictionary
takes seconds, and the importer may call in from several threads.  The
given-name character statistics (people.names) come from the same dictionary,
so they are loaded under the same lock.  ``word_freq`` is jieba's dictionary
frequency, which the rules use to tell everyday words from names.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from articles.chinese import jieba_tokenizer

from .. import names

_init_lock = threading.Lock()
_tokenizer = None


def _posseg():
    global _tokenizer
    if _tokenizer is None:
        with _init_lock:
            if _tokenizer is None:
                import jieba.posseg

                jieba_tokenizer()
                names.stats()  # load character statistics under the same lock
                _tokenizer = jieba.posseg.dt
    return _tokenizer


def word_freq(word: str) -> int:
    import jieba

    return jieba.dt.FREQ.get(word, 0)


@dataclass
class Token:
    """One jieba token: its character span in the text, the word and its part-of-speech flag."""

    start: int
    end: int
    word: str
    flag: str


def tokenize(text: str) -> list[Token]:
    toks = []
    pos = 0
    for pair in _posseg().cut(text):
        w, f = pair.word, pair.flag
        toks.append(Token(pos, pos + len(w), w, f))
        pos += len(w)
    return toks


NAME_TAGS = {"nr", "nrfg", "nrt"}
FUNCTION_TAGS = {"c", "p", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "m", "q", "f", "v", "vn", "t", "y", "e"}
DOTS = "·•・‧∙"
_PUNCT = set("，。；：！？、,.;:!?（）()《》“”‘’\"'「」『』【】[]—…-　 \n\t")


def is_punct(w: str) -> bool:
    return all(c in _PUNCT or c.isspace() for c in w)
