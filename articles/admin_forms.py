"""The story's change form: edit conflicts refused with a diff, statuses offered
and checked by who may move a story where (on the state left as well as the
state entered), and the review chain's sign-off before publishing."""

from django import forms
from django.db import router
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import revisions, story_slugs, workflow
from articles.editions import MAX_PAGE_NUMBER
from articles.models import Article, Edition, PrintPage
from articles.params import EARLIEST_DAY, LATEST_DAY, day_range_error
from articles.permissions import allows
from articles.row_locks import lock_stories


class ArticleAdminForm(forms.ModelForm):
    # The version the editor loaded; a save from an older one is a conflict.
    loaded_version = forms.IntegerField(label=_("loaded version"), widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what the form shows

    def __init__(self, *args, user=None, story_left=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # Restoring a revision writes the old row back before the form is
        # checked, so there is no "version the editor loaded" to compare; the
        # story as it stood (``story_left``) is the state this save leaves.
        self.story_left = story_left
        self._status_at_load = self.instance.status if self.instance.pk else None
        self.check_conflicts = story_left is None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        if user is not None and "status" in self.fields:
            current = self._status_left()
            allowed = {str(s) for s in workflow.allowed_statuses(user, current)}
            self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] in allowed]
        self._user = user

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and self.check_conflicts:
            # Lock the row for the rest of the admin's transaction: of two
            # editors saving at once, the second waits here and then sees the
            # first one's version.
            locked = lock_stories(Article.objects.filter(pk=self.instance.pk))
            if not locked:
                raise Http404("This story was deleted.")
            current = locked[0]
            # Who may save what was judged on the story as the admin read it
            # (self.instance), before this lock, whatever version the form
            # says it loaded: a save since (a publish) is judged again.
            if current.version != self.instance.version or (loaded is not None and current.version != loaded):
                self._refuse_stale_save(current, cleaned)
        return cleaned

    def _refuse_stale_save(self, current, cleaned):
        theirs = {f.attname: getattr(current, f.attname) for f in Article._meta.concrete_fields}
        yours = dict(theirs)
        for name, value in cleaned.items():
            if name in revisions.COMPARED_FIELDS:
                field = Article._meta.get_field(name)
                yours[field.attname] = value.pk if field.is_relation and value is not None else value
        self.conflict = {
            "user": current.updated_by,
            "at": current.updated_at,
            "diffs": revisions.compare_fields(Article, theirs, yours),
        }
        # The editor's text stays in the form; a second save after reading the
        # differences is deliberate and wins (the other version stays in the history).
        data = self.data.copy()
        data["loaded_version"] = current.version
        self.data = data
        who = current.updated_by.get_username() if current.updated_by else gettext("someone else")
        raise forms.ValidationError(
            gettext(
                "%(who)s saved this story at %(at)s, after you opened it. Your changes are still in the form; "
                "the differences are listed above. Save again to replace their version "
                "(it stays in the history)."
            )
            % {"who": who, "at": timezone.localtime(current.updated_at).strftime("%H:%M:%S")},
            code="edit_conflict",
        )

    def _status_left(self):
        if self.story_left is not None:
            return self.story_left.status
        # Read when the form was built: cleaning copies the new status onto the instance.
        return self._status_at_load

    def _post_clean(self):
        super()._post_clean()
        # The instance now holds the form's text: a sign-off must cover it.
        status = self.cleaned_data.get("status")
        if status == Article.Status.PUBLISHED and self._status_left() != Article.Status.PUBLISHED:
            refusal = workflow.publish_refusal(self.instance)
            if refusal:
                self.add_error("status", refusal)

    def clean_tags(self):
        # A story's tags are printed with it: the table's rule for its tag
        # rows (as for its bylines and photos) on the story as it stands.
        names = self.cleaned_data.get("tags") or []
        if self._user is None or self.instance.pk is None:
            return names
        stored = {name.casefold() for name in self.instance.tags.names()}
        wanted = {name.casefold() for name in names}
        story = self.story_left if self.story_left is not None else self.instance
        for action, changed in (("add", wanted - stored), ("delete", stored - wanted)):
            if changed and not allows(self._user, "articles.taggedarticle", action, story):
                raise forms.ValidationError(_("Only editors change the tags of a published story."))
        return names

    def clean_publish_at(self):
        publish_at = self.cleaned_data.get("publish_at")
        if publish_at is None:
            return publish_at
        # The form gives the time in the site's zone; its day is what the range is about.
        if day_range_error(publish_at.date()):
            raise forms.ValidationError(
                _("No story can be published on %(date)s: give a time in the years %(first)s–%(last)s."),
                params={"date": publish_at.date().isoformat(), "first": EARLIEST_DAY.year, "last": LATEST_DAY.year},
            )
        return publish_at

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        # Another story's former address keeps leading readers' links to that
        # story; given to this one, every link already shared would open it.
        # Only a new slug is judged: a story already there keeps its address.
        # (A revision restore wrote the old row back: the story stood at ``story_left``'s.)
        standing = (self.story_left or self.instance).slug
        moved = slug and slug != standing
        if moved and story_slugs.reserved_for_another(slug, self.instance, router.db_for_write(Article)):
            raise forms.ValidationError(
                _("The address %(slug)s belonged to another story and still leads to it: choose another."),
                params={"slug": slug},
                code="former_slug",
            )
        return slug

    def clean_status(self):
        status = self.cleaned_data["status"]
        user = self._user
        refusal = workflow.move_refusal(user, self._status_left(), status) if user is not None else None
        if refusal:
            raise forms.ValidationError(refusal)
        return status


class EditionAdminForm(forms.ModelForm):
    """An edition's date held to the same range as the import command and desk."""

    class Meta:
        model = Edition
        fields = ["publication", "date", "number"]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is not None and (error := day_range_error(day)):
            raise forms.ValidationError(error)
        return day


class PrintPageAdminForm(forms.ModelForm):
    """A page number held to the same bound as the import command and desk."""

    class Meta:
        model = PrintPage
        fields = ["edition", "number", "title", "source_text"]

    def clean_number(self):
        number = self.cleaned_data["number"]
        if number is not None and not 1 <= number <= MAX_PAGE_NUMBER:
            raise forms.ValidationError(gettext("A page number is between 1 and %(last)d.") % {"last": MAX_PAGE_NUMBER})
        return number
