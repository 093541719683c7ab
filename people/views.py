from django.conf import settings
from django.db.models import Count, Max, Min, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView

from articles.models import Article
from articles.page_cache import depends_on
from articles.site import SiteMixin, paginate
from people.models import Mention, Person, PersonRedirect


class PersonDetailView(SiteMixin, DetailView):
    """A person: the stories they wrote, the stories that name them, and the
    titles those stories gave them. Someone with no published story by or
    about them has no page."""

    model = Person
    template_name = "people/person_detail.html"
    context_object_name = "person"
    per_page = 20

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A person merged into another: their old address leads to the one
            # that remains, only if readers may see them there; otherwise the
            # redirect would tell readers the paper holds unpublished material.
            moved = (
                PersonRedirect.objects.filter(slug=kwargs["slug"], person__in=self.get_queryset())
                .select_related("person")
                .first()
            )
            if moved is None:
                raise
            return redirect(moved.person, permanent=True)

    def get_queryset(self):
        return Person.objects.public()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        person = self.object
        depends_on(f"list:person:{person.pk}")
        published = Article.objects.published()
        written = paginate(self.request, published.by_person(person).for_list().newest_first(), self.per_page)
        # The title a story gives the person, next to the story in the list.
        mentioned = paginate(
            self.request,
            published.mentioning(person)
            .for_list()
            .newest_first()
            .prefetch_related(
                Prefetch("mentions", queryset=Mention.objects.public().filter(person=person), to_attr="person_mentions")
            ),
            self.per_page,
            param="mpage",
        )
        titles = (
            Mention.objects.public()
            .filter(person=person, article__in=published)
            .exclude(title="")
            .values("title")
            .annotate(first=Min("article__publish_at"), last=Max("article__publish_at"), stories=Count("article"))
            .order_by("-last", "title")
        )
        return super().get_context_data(
            written=written,
            mentioned=mentioned,
            titles=list(titles),
            **kwargs,
        )

    def get_canonical_url(self):
        return settings.SITE_URL + self.object.get_absolute_url()
