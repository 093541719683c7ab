from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("section/<slug:slug>/", views.DepartmentView.as_view(), name="department"),
    path("story/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
