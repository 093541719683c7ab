from django.urls import path

from articles.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.results, name="results"),
    path("search.json", views.results_json, name="json"),
]
