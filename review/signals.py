"""After every save of a story: an edit after a pass sends it back a stage,
and its proofreading results follow its text."""

from django.db.models.signals import post_save


def article_saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    from django.db import router

    # Fixtures load raw; a write to another database than the primary (a
    # test's replica) has no review of its own.
    if raw or using != router.db_for_write(sender, instance=instance):
        return
    from review import proofing, steps

    steps.note_edit(instance, instance.updated_by)
    if instance.status == instance.Status.REVIEW:
        steps.enter_chain(instance, instance.updated_by)
    proofing.refresh(instance)


def connect():
    from articles.models import Article

    post_save.connect(article_saved, sender=Article, dispatch_uid="review.article_saved")
