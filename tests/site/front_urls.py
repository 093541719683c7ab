"""A URL configuration with the reader's site under /front/ (tests of addresses kept per process)."""

from django.urls import include, path

urlpatterns = [
    path("people/", include("people.urls")),
    path("front/", include("articles.urls")),
]
