"""The page cache's two backends, for its tests: the local-memory default and
Redis, production's (skipped when Redis is unreachable)."""

import uuid
from datetime import timedelta

import pytest
import redis
from django.core.cache import cache
from django.utils import timezone
from taggit.models import Tag

from articles import fragments, page_cache
from articles.models import Article, Byline, Department
from people.models import Mention, Person

REDIS_URL = "redis://127.0.0.1:6379/15"


def page_html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture(params=["locmem", "redis"])
def page_cache_backend(request, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.forget_held()
    fragments.forget_held()
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except redis.ConnectionError as error:
            pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
        # A prefix of its own rather than clear(): other tests share this db.
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        cache.clear()
        yield request.param
        cache.clear()
    page_cache.forget_held()
    fragments.forget_held()


@pytest.fixture
def fragment_cache_on(page_cache_backend, settings):
    """Both backends; fragments on, pages off."""
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def site():
    """Two sections, four published stories by one reporter naming one official, all tagged 抗疫."""
    society = Department.objects.create(name="社会", order=1)
    economy = Department.objects.create(name="经济", order=2)
    reporter = Person.objects.create(name="王汉平", on_staff=True)
    official = Person.objects.create(name="赵卫东", description="市政协副主席")
    past = timezone.now() - timedelta(hours=1)
    stories = {}
    for i, (headline, department) in enumerate(
        [
            ("朔城公安守护群众", society),
            ("公交人奔波一线", society),
            ("平朔保卫中心不退", economy),
            ("社区志愿者连夜值守", society),
        ]
    ):
        story = Article.objects.create(
            headline=headline,
            department=department,
            status="published",
            publish_at=past - timedelta(minutes=i),
            summary=f"{headline}。",
        )
        Byline.objects.create(article=story, person=reporter, role=Byline.Role.REPORTER)
        Mention.objects.create(article=story, person=official, title="市政协副主席", confirmed=True)
        story.tags.add("抗疫")
        stories[headline] = story
    return {
        "society": society,
        "economy": economy,
        "reporter": reporter,
        "official": official,
        "police": stories["朔城公安守护群众"],
        "bus": stories["公交人奔波一线"],
        "coal": stories["平朔保卫中心不退"],
        "tag": Tag.objects.get(name="抗疫"),
    }
