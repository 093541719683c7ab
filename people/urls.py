from django.urls import path

from articles.feeds import PersonAtomFeed, PersonFeed
from people import views

app_name = "people"

urlpatterns = [
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", PersonFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", PersonAtomFeed(), name="feed-atom"),
]
