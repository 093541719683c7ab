from django.urls import path, register_converter

from articles import feeds, views
from articles.params import TagSlugConverter

register_converter(TagSlugConverter, "tag")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("story/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("section/<slug:slug>/", views.DepartmentView.as_view(), name="department"),
    path("section/<slug:slug>/feed/", feeds.DepartmentFeed(), name="department-feed"),
    path("section/<slug:slug>/feed/atom/", feeds.DepartmentAtomFeed(), name="department-feed-atom"),
    # taggit makes Unicode slugs (抗疫一线): any path segment without control characters.
    path("tag/<tag:slug>/", views.TagView.as_view(), name="tag"),
    path("tag/<tag:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<tag:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearView.as_view(), name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.MonthView.as_view(), name="archive-month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.DayView.as_view(), name="archive-day"),
    path("print/", views.EditionListView.as_view(), name="editions"),
    path(
        "print/<slug:publication>/<int:year>/<int:month>/<int:day>/",
        views.EditionDetailView.as_view(),
        name="edition",
    ),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed-atom"),
]
