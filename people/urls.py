from django.urls import path

from people import views
from people.feeds import PersonAtomFeed, PersonFeed

app_name = "people"

urlpatterns = [
    path("<slug:slug>/", views.PersonDetailView.as_view(), name="detail"),
    path("<slug:slug>/feed/", PersonFeed(), name="feed"),
    path("<slug:slug>/feed/atom/", PersonAtomFeed(), name="feed-atom"),
]
