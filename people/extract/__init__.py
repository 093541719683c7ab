"""Person-name extraction for Chinese news text (pure Python, no Django).

Pipeline (see ``find_persons``):

1. jieba.posseg tokenises the text (initialised once, lazily, under a lock).
2. Unless switched off (``use_model=False``, or NEWSROOM_PEOPLE_MODEL=off),
   a learned model (Baidu's LAC) reads every clause, and the inside of each
   work's title (《…》) again on its own, and its person spans
   raise the candidates it agrees with, lower those it sees no name near,
   settle boundaries (one more name character, a whole dotted chain) and add
   names of its own that have a name's shape or context, or that it is sure
   of (the probability it gives the whole span).
3. Candidates come from jieba's person tags (``nr``/``nrfg``/``nrt``), from
   re-joining a surname that jieba split off its given name, from surname +
   honorific (江主席 -> 江), from transliterated names joined by ``·`` and from
   the ``known_names`` the caller passes.  Long tokens that glue a name to a
   following word (邓小平理论, 马克思主义者) are cut back to the name.
4. Each candidate is scored with general Chinese name linguistics: surname
   lists, given-name character statistics derived from jieba's dictionary
   (and, for one-character given names, from real given names),
   transliteration characters, and context cues (a title before, a speech
   verb or honorific after, a 、-list of other names).
5. Anonymised forms (孙某, 王某某) and familiar/kinship address forms (老王,
   小张, 李哥, 王姐) are never persons.

The items of numbered alternatives ((１)…(２)…(３)…, ①②③) whose other
items are found names are names too.  A name found once is then found at its
other occurrences, and a found
person's surname alone opening a clause (严汉祥 … （严收藏有…) is that person.

``people_in_story`` aggregates one story: it joins short forms to full names
(国强 -> 张国强, 江主席 -> 江泽民 when the story names him), applies the
``known`` alias map, drops ``exclude``d byline names and bylines it recognises
itself (记者 X, 通讯员 X, "(王荣 王晓丽)", "X 摄", a name alone on a line), and
keeps the best (longest) title seen for each person.

Title normalisation: see title_phrases.py.

Modules, in pipeline order:

- tokens.py: jieba tokens, tag classes, punctuation.
- title_words.py: is/starts/ends with a title, honorific or cue word.
- shape.py: what Chinese and transliterated names look like on their own.
- context.py: evidence from the words around a candidate.
- candidate_span.py: ``Candidate``, a proposed span with its score and kind.
- candidates.py: the token rules that propose scored spans, in order.
- tagged_names.py: the rules for tokens jieba tagged as persons.
- dotted_names.py: transliterations joined by middle dots.
- lists.py: name lists written without separators.
- address_forms.py: 老王, 王姐, 孙某: never persons.
- model.py: the learned model's person spans and their probabilities (LAC on ONNX Runtime), optional.
- combine.py: the model's spans weighed with the rules' candidates.
- selection.py: names mended at their edges (记者X图为, X致辞, 和X同志), thresholds, vetoes, overlaps.
- enumerations.py: numbered alternatives whose other items are names.
- known.py: known names, found names at their other occurrences, a found person's surname alone.
- title_phrases.py: the title a story gives each person.
- persons.py: ``find_persons``.
- bylines.py: ``find_bylines``.
- line_breaks.py: layout line breaks inside sentences.
- story.py: ``people_in_story``.
"""

from .bylines import find_bylines
from .model import model_available, model_enabled
from .persons import PersonSpan, find_persons
from .story import StoryPerson, people_in_story

__all__ = [
    "PersonSpan",
    "StoryPerson",
    "find_persons",
    "people_in_story",
    "find_bylines",
    "model_available",
    "model_enabled",
]
