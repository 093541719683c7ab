"""A story readers saw and that was taken off the site waits for a new
sign-off (review state ``taken_down``, step ``taken_down``).

Stories taken down before this kept their sign-off, and could be put back
up on it. Those the records tell apart are brought into the new state here:
signed off, no longer published, their last move out of "published" made
when their publish time had passed (readers could see them then). Their
sign-off's pass is void (kept, as the review's history), they wait at their
chain's last stage, and a step records the takedown with who made it and
when. A live story whose publish time was moved ahead is not told apart from
a scheduled one by the records, and is left as it is.
"""

from django.db import migrations, models

BATCH = 500
REASON = "撤稿，须重新签发（在记录撤稿之前撤下，由迁移 review 0007 补记）。"


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    Review = apps.get_model("review", "Review")
    Event = apps.get_model("review", "Event")
    Stage = apps.get_model("review", "Stage")
    StatusChange = apps.get_model("articles", "StatusChange")
    reviews = (
        Review.objects.using(alias)
        .filter(state="signed_off")
        .exclude(article__status="published")
        .select_related("article")
        .order_by("pk")
    )
    last_stages = {}
    for review in reviews.iterator(chunk_size=BATCH):
        change = (
            StatusChange.objects.using(alias)
            .filter(article_id=review.article_id, from_status="published")
            .order_by("-at", "-pk")
            .first()
        )
        publish_at = review.article.publish_at
        if change is None or publish_at is None or publish_at > change.at:
            continue
        if review.chain_id not in last_stages:
            last_stages[review.chain_id] = (
                Stage.objects.using(alias).filter(chain_id=review.chain_id).order_by("-position").first()
            )
        stage = last_stages[review.chain_id]
        if stage is None:
            continue
        Event.objects.using(alias).filter(
            article_id=review.article_id, action="pass", void=False, stage_id=stage.pk
        ).update(void=True)
        Review.objects.using(alias).filter(pk=review.pk).update(stage_id=stage.pk, state="taken_down", since=change.at)
        Event.objects.using(alias).create(
            article_id=review.article_id,
            action="taken_down",
            user_id=change.user_id,
            stage_id=stage.pk,
            at=change.at,
            reason=REASON,
            fingerprint=review.fingerprint,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_imported_story_edited"),
        ("review", "0006_fingerprint_covers_mentions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="action",
            field=models.CharField(
                choices=[
                    ("submit", "Submitted"),
                    ("pass", "Passed"),
                    ("return", "Returned for rework"),
                    ("reject", "Rejected"),
                    ("override", "Blocking check overridden"),
                    ("edited", "Edited after a pass"),
                    ("taken_down", "Taken off the site"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="state",
            field=models.CharField(
                choices=[
                    ("in_review", "In review"),
                    ("returned", "Returned for rework"),
                    ("rejected", "Rejected"),
                    ("signed_off", "Signed off"),
                    ("taken_down", "Taken down: needs a new sign-off"),
                ],
                default="in_review",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
