"""jieba, loaded once per process for every module that segments Chinese.

Pure Python (no Django). jieba's own ``initialize()`` takes a lock, so calling
this from several threads at once loads the dictionary once.
"""

import logging


def jieba_tokenizer():
    """jieba's default tokenizer, its dictionary loaded (1–3 s, first call only)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt
