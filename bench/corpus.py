"""A synthetic but realistic corpus for the load benchmark, built with bulk_create.

N published stories over the last two years across the departments of
fixtures/departments.json, with bylines (staff reporters, photographers,
institutional credits), mentions (people with titles), tags, photos
(caption-only rows plus a few real JPEGs, so the rendition path runs) and a
daily print edition whose pages hold most of the stories in print order.

``Article.save()`` is bypassed, so what it would do is done here: slug
(``story-<n>``, unique), status published, a publish time in the past,
version 1, and a body that is already clean HTML (escaped paragraphs of
fixtures/shuozhou-page-2022-11.txt, recombined). Call with Django set up.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bench.common import FIXTURE_PAGE, progress

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
)
GIVEN = "国强永红建军志伟秀英桂芳玉兰海燕晓明丽娟文华春梅金凤德福宝山俊杰子涵思远雨欣浩然嘉怡"
ORGS = [
    "市政协机关",
    "朔城区",
    "北旺庄街道",
    "市卫健委",
    "市公安局",
    "平鲁区",
    "怀仁市",
    "市教育局",
    "应县",
    "山阴县",
    "右玉县",
]
TITLES = [
    "副秘书长",
    "社区书记",
    "网格员",
    "志愿者",
    "派出所所长",
    "副局长",
    "医生",
    "护士长",
    "村支书",
    "党组书记",
    "校长",
    "主任",
]
PLACES = ["", "", "", "朔城区", "平鲁区", "怀仁市", "山阴县", "应县", "右玉县"]
KICKERS = ["", "", "", "", "抗疫日记", "一线见闻", "民生关注", "基层故事", "图片新闻"]
CREDITS = ["市纪委监委提供", "市委宣传部供稿", "朔城区融媒体中心"]
SEARCH_WORDS = [
    "疫情",
    "核酸",
    "社区",
    "防控",
    "志愿者",
    "居民",
    "党员",
    "口罩",
    "核酸 检测",
    "社区 志愿者",
    "疫情 防控 社区",
    "京城港小区",
    "市政协机关",
    "朔城区",
    "民警",
    "医护人员",
]
PUBLICATION = "朔州日报"
PAGE_TITLES = ["要闻", "要闻", "社会", "抗疫一线", "经济", "教育", "县区", "图片"]


@dataclass
class Corpus:
    stories: int = 0
    people: int = 0
    tags: int = 0
    editions: int = 0
    print_pages: int = 0
    bylines: int = 0
    mentions: int = 0
    tagged: int = 0
    photos: int = 0
    real_images: int = 0
    build_seconds: float = 0.0
    index_seconds: float | None = None
    indexed: int | None = None
    urls: dict[str, list[str]] = field(default_factory=dict)

    def figures(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "urls"} | {
            "urls_per_page_type": {k: len(v) for k, v in self.urls.items()}
        }


def _blocks():
    text = FIXTURE_PAGE.read_text(encoding="utf-8")
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    headlines = [b.lstrip("—") for b in blocks if 6 <= len(b) <= 30 and "。" not in b]
    paragraphs = [b for b in blocks if len(b) >= 30]
    return headlines, paragraphs


def _tag_words(rng, count):
    import jieba

    words = []
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            if 2 <= len(word) <= 4 and 500 <= int(freq) <= 20000 and all("\u4e00" <= c <= "\u9fff" for c in word):
                words.append(word)
    rng.shuffle(words)
    return ["抗疫一线", "抗疫日记", "核酸检测", "志愿服务", "民生"] + words[: count - 5]


def _names(rng, n):
    names = []
    seen = set()
    while len(names) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        # Chinese names repeat: allow a few duplicates (people told apart by slug).
        if name in seen and rng.random() > 0.05:
            continue
        seen.add(name)
        names.append(name)
    return names


def _write_jpegs(media_root: Path, count: int, rng) -> list[tuple[str, int, int]]:
    """Small real JPEGs (800x533) under media_root/photos/bench/; returns (name, w, h)."""
    from PIL import Image, ImageDraw

    folder = media_root / "photos" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(count):
        w, h = 800, 533
        image = Image.new("RGB", (w, h), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(w), rng.randrange(h)
            draw.rectangle(
                [x, y, x + rng.randrange(40, 300), y + rng.randrange(40, 200)],
                fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)),
            )
        name = f"photos/bench/bench-{k + 1}.jpg"
        image.save(media_root / name, "JPEG", quality=80)
        out.append((name, w, h))
    return out


def _body(rng, paragraphs, subheads, first=None):
    chosen = rng.sample(paragraphs, rng.randint(3, 8))
    parts = []
    if first:
        parts.append(f"<p>{html.escape(first, quote=False)}</p>")
    for i, p in enumerate(chosen):
        if i and rng.random() < 0.15:
            parts.append(f"<h2>{html.escape(rng.choice(subheads), quote=False)}</h2>")
        parts.append(f"<p>{html.escape(p, quote=False)}</p>")
    return "".join(parts), chosen[0]


def build_corpus(n: int, *, media_root: Path, real_images: int = 20, seed: int = 6, max_urls: int = 200) -> Corpus:
    """Build ``n`` stories and everything around them; return counts, timings and URL lists."""
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag

    from articles.models import Article, Byline, Department, Edition, Photo, PrintPage, Publication, TaggedArticle
    from articles.slugs import pinyin_slug
    from people.models import Alias, Mention, Person

    rng = random.Random(seed)
    corpus = Corpus()
    started = time.perf_counter()
    headlines, paragraphs = _blocks()
    call_command("loaddata", "fixtures/departments.json", verbosity=0)
    departments = list(Department.objects.all())
    publication = Publication(name=PUBLICATION)
    publication.save()

    # People: staff reporters/photographers, and people named in stories.
    n_staff = max(10, min(120, n // 150))
    n_named = max(40, n // 10)
    staff_names = _names(rng, n_staff)
    named_names = _names(rng, n_named)
    people = Person.objects.bulk_create(
        [
            Person(name=name, slug=f"{pinyin_slug(name, 60) or 'person'}-{i}", on_staff=True, description="本报记者")
            for i, name in enumerate(staff_names)
        ]
        + [
            Person(
                name=name,
                slug=f"{pinyin_slug(name, 60) or 'person'}-{n_staff + i}",
                description=f"{rng.choice(ORGS)}{rng.choice(TITLES)}",
            )
            for i, name in enumerate(named_names)
        ],
        batch_size=5000,
    )
    staff, named = people[:n_staff], people[n_staff:]
    Alias.objects.bulk_create(
        [Alias(person=p, name=p.name[1:]) for p in rng.sample(named, min(50, len(named))) if len(p.name) == 3],
        ignore_conflicts=True,
    )
    corpus.people = len(people)

    tag_names = _tag_words(rng, max(20, min(400, n // 50)))
    tags = Tag.objects.bulk_create([Tag(name=w, slug=slugify(w, allow_unicode=True)) for w in tag_names])
    corpus.tags = len(tags)
    tag_weights = list(itertools.accumulate(1.0 / (i + 3) for i in range(len(tags))))
    named_weights = list(itertools.accumulate(1.0 / (i + 20) for i in range(len(named))))

    # Print editions: one a day, on as many days as give ~25 printed stories each.
    now = timezone.now()
    tz = timezone.get_current_timezone()
    printed = int(n * 0.7)
    days = max(5, min(730, printed // 25))
    today = timezone.localdate()
    all_days = sorted(rng.sample(range(1, 731), days))
    editions = Edition.objects.bulk_create(
        [Edition(publication=publication, date=today - dt.timedelta(days=d), number=10000 - d) for d in all_days]
    )
    pages = PrintPage.objects.bulk_create(
        [PrintPage(edition=e, number=k + 1, title=PAGE_TITLES[k]) for e in editions for k in range(rng.randint(4, 8))],
        batch_size=5000,
    )
    pages_by_edition = {}
    for p in pages:
        pages_by_edition.setdefault(p.edition_id, []).append(p)
    corpus.editions, corpus.print_pages = len(editions), len(pages)
    # Hand out print slots in edition/page/position order.
    slots = []
    for e in editions:
        e_pages = pages_by_edition[e.pk]
        per_page = [0] * len(e_pages)
        for _ in range(printed // days + (1 if rng.random() < (printed % days) / days else 0)):
            k = rng.randrange(len(e_pages))
            per_page[k] += 1
            slots.append((e, e_pages[k], per_page[k]))
    rng.shuffle(slots)
    progress(f"corpus: {len(people)} people, {len(tags)} tags, {len(editions)} editions, {len(pages)} pages")

    images = _write_jpegs(media_root, real_images, rng) if real_images else []
    corpus.real_images = len(images)
    subheads = [h for h in headlines if len(h) <= 16] or ["一线见闻"]
    batch = 2000
    all_ids = []
    for start in range(0, n, batch):
        articles, extras = [], []
        for i in range(start, min(n, start + batch)):
            slot = slots[i] if i < len(slots) else None
            if slot:
                edition, page, position = slot
                publish_at = dt.datetime.combine(edition.date, dt.time(6, rng.randrange(60)), tzinfo=tz)
            else:
                page = position = None
                publish_at = now - dt.timedelta(minutes=rng.randint(30, 730 * 24 * 60))
            if publish_at > now - dt.timedelta(minutes=5):
                publish_at = now - dt.timedelta(minutes=rng.randint(5, 600))
            roll = rng.random()
            kind = Article.Kind.PHOTO if roll < 0.05 else Article.Kind.BRIEF if roll < 0.15 else Article.Kind.STORY
            reporters = rng.sample(staff, rng.choice((1, 1, 1, 2)))
            mentioned = rng.choices(named, cum_weights=named_weights, k=rng.choice((0, 1, 1, 2, 3)))
            mentioned = list(dict.fromkeys(mentioned))
            first = None
            if mentioned:
                p = mentioned[0]
                source = f"{rng.choice(ORGS)}{rng.choice(TITLES)}{p.name}"
                first = f"（记者 {reporters[0].name}）{source}介绍，当前各项工作有序推进。"
            body, lead = _body(rng, paragraphs, subheads, first)
            headline = (rng.choice(PLACES) + rng.choice(headlines))[:200]
            articles.append(
                Article(
                    kind=kind,
                    kicker=rng.choice(KICKERS),
                    headline=headline,
                    subtitle=rng.choice(headlines) if rng.random() < 0.2 else "",
                    slug=f"story-{i + 1}",
                    summary=lead[:80],
                    body=body,
                    dateline="本报讯",
                    department=rng.choice(departments),
                    status=Article.Status.PUBLISHED,
                    publish_at=publish_at,
                    print_page=page,
                    print_position=position,
                    version=1,
                    created_at=publish_at - dt.timedelta(hours=rng.randint(1, 30)),
                    updated_at=publish_at,
                )
            )
            extras.append((kind, reporters, mentioned, rng.choices(tags, cum_weights=tag_weights, k=rng.randint(1, 3))))
        created = Article.objects.bulk_create(articles, batch_size=1000)
        bylines, mentions, tagged, photos = [], [], [], []
        for a, (kind, reporters, mentioned, a_tags) in zip(created, extras):
            all_ids.append(a.pk)
            position = 0
            if rng.random() < 0.05:
                bylines.append(Byline(article_id=a.pk, credit=rng.choice(CREDITS), role=Byline.Role.CREDIT, position=1))
            else:
                for position, r in enumerate(reporters, start=1):
                    role = Byline.Role.PHOTOGRAPHER if kind == Article.Kind.PHOTO else Byline.Role.REPORTER
                    bylines.append(Byline(article_id=a.pk, person=r, role=role, position=position))
            for k, p in enumerate(mentioned):
                mentions.append(
                    Mention(
                        article_id=a.pk,
                        person=p,
                        title=f"{rng.choice(ORGS)}{rng.choice(TITLES)}",
                        count=rng.randint(1, 4),
                        first_offset=k * 40 + rng.randrange(40),
                        origin=Mention.Origin.IMPORTED,
                        confirmed=rng.random() < 0.3,
                    )
                )
            for t in dict.fromkeys(a_tags):
                tagged.append(TaggedArticle(content_object_id=a.pk, tag=t))
            if kind == Article.Kind.PHOTO or rng.random() < 0.1:
                photos.append(Photo(article_id=a.pk, caption=a.summary[:60], credit=reporters[0].name, position=1))
        Byline.objects.bulk_create(bylines, batch_size=5000)
        Mention.objects.bulk_create(mentions, batch_size=5000)
        TaggedArticle.objects.bulk_create(tagged, batch_size=5000)
        Photo.objects.bulk_create(photos, batch_size=5000)
        corpus.bylines += len(bylines)
        corpus.mentions += len(mentions)
        corpus.tagged += len(tagged)
        corpus.photos += len(photos)
        progress(f"corpus: {min(n, start + batch)}/{n} stories")
    corpus.stories = n

    # Real images on the newest stories (home page lead) and a spread of others.
    published = Article.objects.filter(kind=Article.Kind.STORY).order_by("-publish_at", "-pk")
    newest = list(published.values_list("pk", flat=True)[: max(1, len(images) // 4)])
    spread = rng.sample(all_ids, min(len(all_ids), len(images)))
    photo_targets = list(dict.fromkeys(newest + spread))[: len(images)]
    Photo.objects.bulk_create(
        [
            Photo(article_id=aid, image=name, width=w, height=h, caption="现场图片", credit="本报记者", position=0)
            for aid, (name, w, h) in zip(photo_targets, images)
        ]
    )
    corpus.photos += len(photo_targets)
    corpus.build_seconds = time.perf_counter() - started
    corpus.urls = url_lists(rng, photo_targets, publication, per_type=max_urls)
    return corpus


def url_lists(rng, photo_article_ids, publication, per_type=200) -> dict[str, list[str]]:
    """Several distinct paths per page type, so no bench is one cached URL."""
    from django.db.models import Count

    from articles.models import Article, Department, Edition
    from people.models import Person

    ids = list(Article.objects.values_list("pk", flat=True))
    story_ids = list(dict.fromkeys(list(photo_article_ids) + rng.sample(ids, min(len(ids), per_type))))[:per_type]
    slugs = dict(Article.objects.filter(pk__in=story_ids).values_list("pk", "slug"))
    stories = [f"/story/{slugs[i]}/" for i in story_ids]
    rng.shuffle(stories)
    departments = []
    for slug, count in Department.objects.annotate(n=Count("articles")).values_list("slug", "n"):
        last = max(1, (count + 19) // 20)  # 20 stories a page
        departments += [f"/section/{slug}/" + (f"?page={p}" if p > 1 else "") for p in (1, 2, 3, 5, 10) if p <= last]
    from articles.models import TaggedArticle

    tag_rows = list(TaggedArticle.objects.values_list("tag__slug").annotate(n=Count("id")).order_by("-n", "tag__slug"))
    tags = [f"/tag/{quote(s)}/" for s, _ in tag_rows[:50]]
    by_writer = list(
        Person.objects.filter(on_staff=True, bylines__isnull=False).distinct().values_list("slug", flat=True)
    )
    # Readers have pages only for people named in a public (confirmed) mention.
    by_mention = list(Person.objects.filter(mentions__confirmed=True).distinct().values_list("slug", flat=True)[:5000])
    person_slugs = rng.sample(by_writer, min(25, len(by_writer))) + rng.sample(by_mention, min(75, len(by_mention)))
    rng.shuffle(person_slugs)
    people = [f"/people/{s}/" for s in person_slugs]
    rng.shuffle(people)
    dates = list(Edition.objects.values_list("date", flat=True))
    editions = [
        f"/print/{publication.slug}/{d.year}/{d.month}/{d.day}/" for d in rng.sample(dates, min(50, len(dates)))
    ]
    search = [f"/search/?q={quote(w)}" for w in SEARCH_WORDS]
    lists = {
        "home": ["/"],
        "story": stories,
        "department": departments,
        "tag": tags,
        "person": people,
        "edition": editions,
        "search": search,
    }
    return {kind: paths[:per_type] for kind, paths in lists.items()}


def grow_corpus(target: int, *, seed: int = 7, batch: int = 5000) -> float:
    """Add stories (with bylines) until there are ``target``; for the admin
    changelist at archive scale. Lighter bodies, same shape. Returns seconds."""
    from django.utils import timezone

    from articles.models import Article, Byline, Department

    started = time.perf_counter()
    rng = random.Random(seed)
    have = Article.objects.count()
    if have >= target:
        return 0.0
    headlines, paragraphs = _blocks()
    departments = list(Department.objects.all())
    from people.models import Person

    staff = list(Person.objects.filter(on_staff=True))
    now = timezone.now()
    statuses = (
        [Article.Status.PUBLISHED] * 90
        + [Article.Status.DRAFT] * 5
        + [Article.Status.REVIEW] * 3
        + [Article.Status.ARCHIVED] * 2
    )
    for start in range(have, target, batch):
        articles, writers = [], []
        for i in range(start, min(target, start + batch)):
            status = rng.choice(statuses)
            publish_at = now - dt.timedelta(minutes=rng.randint(30, 8 * 365 * 24 * 60))
            p1, p2 = rng.sample(paragraphs, 2)
            articles.append(
                Article(
                    kind=Article.Kind.STORY,
                    kicker=rng.choice(KICKERS),
                    headline=(rng.choice(PLACES) + rng.choice(headlines))[:200],
                    slug=f"story-{i + 1}",
                    summary=p1[:80],
                    body=f"<p>{html.escape(p1, quote=False)}</p><p>{html.escape(p2, quote=False)}</p>",
                    dateline="本报讯",
                    department=rng.choice(departments),
                    status=status,
                    publish_at=publish_at if status != Article.Status.DRAFT or rng.random() < 0.5 else None,
                    version=1,
                    created_at=publish_at,
                    updated_at=publish_at,
                )
            )
            writers.append(rng.choice(staff))
        created = Article.objects.bulk_create(articles, batch_size=batch)
        Byline.objects.bulk_create(
            [
                Byline(article_id=a.pk, person=w, role=Byline.Role.REPORTER, position=1)
                for a, w in zip(created, writers)
            ],
            batch_size=batch,
        )
        if (start - have) % 50000 < batch:
            progress(f"grow: {min(target, start + batch)}/{target} stories")
    return time.perf_counter() - started
