"""The proofreading checks run on stories: the editors' word list from the
database, what the story knows about its people, and the stored results."""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Count, Max
from django.utils import timezone

from proofread import Context, proofread
from proofread.rules import BLOCKING_DEFAULT, DEFAULT_ON
from proofread.run import counted_characters, errors_per_10k
from proofread.wordlist import Entry, WordList
from review import content
from review.models import Proofing, WordListEntry

_cache = threading.local()
# Inside once_per_story(): the stories whose checks are to run when it ends (id → database), or None outside it.
_pending: ContextVar[dict | None] = ContextVar("proofing_pending", default=None)


def wordlist_version() -> str:
    state = WordListEntry.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    return hashlib.sha1(f"{state['count']}:{state['latest']}".encode()).hexdigest()[:16]


def wordlist(version: str | None = None) -> WordList:
    """The automaton over the editors' list, built again only when the list changed."""
    version = version or wordlist_version()
    cached = getattr(_cache, "wordlist", None)
    if cached and cached[0] == version:
        return cached[1]
    rows = WordListEntry.objects.values_list("word", "kind", "preferred", "note")
    entries = [Entry(word, kind, preferred, note) for word, kind, preferred, note in rows]
    built = WordList(entries)
    _cache.wordlist = (version, built)
    return built


def _story_year(article) -> int | None:
    when = article.publish_at or article.created_at
    if article.print_page_id and article.print_page is not None:
        return article.print_page.edition.date.year
    return timezone.localtime(when).year if when else None


def context_for(article, words: WordList) -> Context:
    from people.models import Mention

    if not article.pk:
        return Context(wordlist=words, year=_story_year(article))
    mentions = list(
        Mention.objects.filter(article=article).select_related("person").prefetch_related("person__aliases")
    )
    names = {m.person.name for m in mentions} | {a.name for m in mentions for a in m.person.aliases.all()}
    titles = tuple((m.person.name, m.title) for m in mentions if m.title)
    recorded = {}
    when = article.publish_at or article.created_at
    if titles and when:
        local = timezone.localtime(when)
        others = (
            Mention.objects.filter(
                person__in=[m.person_id for m in mentions],
                article__publish_at__year=local.year,
                article__publish_at__month=local.month,
            )
            .exclude(article=article)
            .exclude(title="")
            .order_by("-article__publish_at")
            .values_list("person__name", "title")
        )
        for name, title in others:
            recorded.setdefault(name, title)
    return Context(
        wordlist=words, year=_story_year(article), names=tuple(sorted(names)), titles=titles, recorded=recorded
    )


def _inputs_version(context: Context, words_version: str) -> str:
    people = repr((context.names, context.titles, sorted(context.recorded.items())))
    return f"{words_version}:{hashlib.sha1(people.encode()).hexdigest()[:16]}"


def refresh(article, force: bool = False) -> Proofing:
    """The stored findings for the story's current text, run again if the text,
    the word list or the story's people changed since."""
    snap = content.text_snapshot(article)
    fp = content.proof_fingerprint(snap)
    words_version = wordlist_version()
    context = context_for(article, wordlist(words_version))
    version = _inputs_version(context, words_version)
    current = Proofing.objects.filter(article_id=article.pk).first()
    if current and not force and current.fingerprint == fp and current.inputs_version == version:
        return current
    text = content.proof_text(snap)
    findings = proofread(text, context, DEFAULT_ON)
    values = {
        "fingerprint": fp,
        "inputs_version": version,
        "findings": [f.as_list() for f in findings],
        "characters": counted_characters(text),
        "errors_per_10k": errors_per_10k(text, findings),
        "finding_count": len(findings),
        "blocking_count": sum(1 for f in findings if f.rule in BLOCKING_DEFAULT),
        "checked_at": timezone.now(),
    }
    proofing, _ = Proofing.objects.update_or_create(article_id=article.pk, defaults=values)
    return proofing


@contextmanager
def once_per_story():
    """Inside, a story's checks asked for by a save of it or of its photos
    (``refresh_after_save``) run once, on the story as it is when the block
    ends without an error. An import writes a story, then its photo and its
    people: run at each write, the checks read a caption and mentions still
    to come and ran twice on a photo story. Nested, the outermost block runs
    them."""
    if _pending.get() is not None:
        yield
        return
    pending: dict[int, tuple] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    from articles.models import Article

    for using in {using for using, _ in pending.values()}:
        ids = sorted(article_id for article_id, (db, _) in pending.items() if db == using)
        existing = set(Article.objects.using(using).filter(pk__in=ids).values_list("pk", flat=True))
        for article_id in ids:
            article = pending[article_id][1]
            if article_id in existing:  # not deleted since
                refresh(article or Article.objects.using(using).get(pk=article_id))


def refresh_after_save(article_id: int, using: str, article=None) -> None:
    """The story (given, or read by its id) or one of its photos was saved:
    its checks run now, or when the enclosing ``once_per_story()`` ends, on
    the story as it was last saved (read again if only its photos were)."""
    pending = _pending.get()
    if pending is not None:
        if article is not None or article_id not in pending:
            pending[article_id] = (using, article)
    elif article is not None:
        refresh(article)
    else:
        _refresh_stored(article_id, using)


def _refresh_stored(article_id: int, using: str) -> None:
    from articles.models import Article

    article = Article.objects.using(using).filter(pk=article_id).first()
    if article is not None:  # deleted since
        refresh(article)


def blocking_findings(proofing: Proofing) -> list[list]:
    return [f for f in proofing.findings if f[2] in BLOCKING_DEFAULT]
