from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Department


class HomeView(ListView):
    template_name = "articles/home.html"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_list().newest_first()


class DepartmentView(ListView):
    template_name = "articles/department.html"
    paginate_by = 20

    def get_queryset(self):
        self.department = get_object_or_404(Department, slug=self.kwargs["slug"])
        return Article.objects.published().filter(department=self.department).for_list().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(department=self.department, **kwargs)


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published().for_detail()
