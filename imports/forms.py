"""The desk's forms: the upload, and the check of what the upload will import."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.editions import MAX_PAGE_NUMBER
from articles.models import Department
from articles.params import EARLIEST_DAY, LATEST_DAY, day_range_error
from imports.uploads import MAX_ZIP_BYTES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(_("Choose one or more page files (.txt) or a zip of an edition."))
        for upload in files:
            if upload.size > MAX_ZIP_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(limit)s bytes.") % {"name": upload.name, "limit": f"{MAX_ZIP_BYTES:,}"}
                )
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Page files"),
        help_text=_("One page file (.txt), several, or a zip of an edition. Pages are numbered in file-name order."),
        widget=MultipleFileInput(attrs={"accept": ".txt,.text,.zip,text/plain,application/zip"}),
    )


class ConfirmForm(forms.Form):
    """The edition the pages belong to, as read from the page headers, for the editor to keep or change."""

    publication = forms.CharField(label=_("Publication"), max_length=80)
    # A date picker takes ISO dates only, whatever the admin's language.
    date = forms.DateField(label=_("Edition date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("For pages that name none of their own."),
    )

    def __init__(self, *args, pages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = list(pages)
        self.fields["publication"].initial = self.fields["publication"].initial or settings.DEFAULT_PUBLICATION
        departments = list(Department.objects.all())
        for page in self.pages:
            self.fields[f"number_{page.pk}"] = forms.IntegerField(
                label=_("Page number of %(file)s") % {"file": page.file_name},
                min_value=1,
                max_value=MAX_PAGE_NUMBER,
                initial=page.number,
            )
            department = forms.ModelChoiceField(
                label=_("Department of %(file)s") % {"file": page.file_name},
                queryset=Department.objects.all(),
                required=False,
                initial=page.department_id,
            )
            department.choices = [("", "---------")] + [(d.pk, d.name) for d in departments]
            self.fields[f"department_{page.pk}"] = department

    def page_rows(self):
        return [(page, self[f"number_{page.pk}"], self[f"department_{page.pk}"]) for page in self.pages]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if day_range_error(date):
            raise forms.ValidationError(
                _("No paper printed an edition on %(date)s: give a date in the years %(first)s–%(last)s."),
                params={"date": date.isoformat(), "first": EARLIEST_DAY.year, "last": LATEST_DAY.year},
            )
        return date

    def clean(self):
        cleaned = super().clean()
        numbers = [cleaned.get(f"number_{page.pk}") for page in self.pages]
        seen = set()
        for page, number in zip(self.pages, numbers):
            if number in seen:
                self.add_error(f"number_{page.pk}", _("Two files cannot be the same page."))
            seen.add(number)
        return cleaned
