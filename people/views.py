from django.views.generic import DetailView

from people.models import Person


class PersonDetailView(DetailView):
    model = Person
