"""The project's URLs plus search, as newsroom/urls.py will have them once
the lead adds ``path("", include("articles.search.urls"))``."""

from django.urls import include, path

from newsroom.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("", include("articles.search.urls")), *project_urlpatterns]
