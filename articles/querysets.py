"""What a reader may see, defined once.

Views, feeds, sitemaps, search and template tags all start from
``Article.objects.published()``; nothing else reaches a reader.
"""
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Status published and publish time passed.

        A story scheduled for 06:00 is simply published with a publish time of
        06:00: it appears at that moment, decided at query time, with no job
        having to run. Drafts, stories in review and archived stories never
        appear.
        """
        from articles.models import Article

        return self.filter(
            status=Article.Status.PUBLISHED,
            publish_at__lte=now or timezone.now(),
        )

    def scheduled(self, now=None):
        """Published stories whose publish time is still ahead."""
        from articles.models import Article

        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())

    def in_review(self):
        from articles.models import Article

        return self.filter(status=Article.Status.REVIEW)

    def drafts(self):
        from articles.models import Article

        return self.filter(status=Article.Status.DRAFT)

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def for_list(self):
        """What a list of stories shows (department, bylines with people, tags,
        print placement), fetched in a constant number of queries."""
        from articles.models import Byline

        return self.select_related("department", "print_page__edition__publication").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person").order_by("position", "pk")),
            "tags",
        )

    def for_detail(self):
        """A story page: everything for_list() has plus photos and mentions."""
        from people.models import Mention

        return self.for_list().prefetch_related(
            "photos",
            Prefetch("mentions", queryset=Mention.objects.select_related("person").order_by("first_offset", "pk")),
        )

    # Reader's site helpers. Each returns a queryset; none of them decides
    # visibility: callers chain them after published().

    def for_home_lead(self):
        """The lead story on the home page: for_list() plus its photos."""
        return self.for_list().prefetch_related("photos")

    def latest_by_department(self, per_department=4):
        """The newest ``per_department`` stories of every department, in one
        query (a ROW_NUMBER() window partitioned by department), so the home
        page costs the same whatever the number of departments."""
        from django.db.models import F, Window
        from django.db.models.functions import RowNumber

        return (
            self.filter(department__isnull=False)
            .annotate(
                department_rank=Window(
                    RowNumber(),
                    partition_by=[F("department_id")],
                    order_by=[F("publish_at").desc(), F("pk").desc()],
                )
            )
            .filter(department_rank__lte=per_department)
            .order_by("department__order", "department__name", "department_rank")
        )

    def in_department(self, department):
        """Stories of a department and of its sub-departments."""
        from django.db.models import Q

        return self.filter(Q(department=department) | Q(department__parent=department))

    def by_person(self, person):
        """Stories with ``person`` in their bylines."""
        from articles.models import Byline

        return self.filter(pk__in=Byline.objects.filter(person=person).values("article_id"))

    def mentioning(self, person):
        """Stories that name ``person`` (through Mention)."""
        from people.models import Mention

        return self.filter(pk__in=Mention.objects.filter(person=person).values("article_id"))

    def about_or_by(self, person):
        """Stories ``person`` wrote or is named in, each once."""
        from django.db.models import Q

        from articles.models import Byline
        from people.models import Mention

        return self.filter(
            Q(pk__in=Byline.objects.filter(person=person).values("article_id"))
            | Q(pk__in=Mention.objects.filter(person=person).values("article_id"))
        )

    def related_to(self, article, limit=5):
        """Other stories sharing tags or named people with ``article``, most
        shared first, then newest.

        Reads the tags and mentions from ``article``'s prefetch cache when
        present (for_detail()), so it adds exactly one query.
        """
        from django.db.models import Count, Q

        tag_ids = [tag.pk for tag in article.tags.all()]
        person_ids = [mention.person_id for mention in article.mentions.all()]
        if not tag_ids and not person_ids:
            return self.none()
        return (
            self.exclude(pk=article.pk)
            .filter(Q(tags__in=tag_ids) | Q(mentions__person__in=person_ids))
            .annotate(
                shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
                + Count("mentions", filter=Q(mentions__person__in=person_ids), distinct=True)
            )
            .select_related("department")
            .order_by("-shared", "-publish_at", "-pk")[:limit]
        )
