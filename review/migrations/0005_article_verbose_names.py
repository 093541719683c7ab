"""The review tables name their story column "article" (稿件 in the Chinese admin): labels only, no SQL."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_import_records"),
        ("review", "0004_fingerprint_covers_tags"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review_events",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="proofing",
            name="article",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="proofing",
                to="articles.article",
                verbose_name="article",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="article",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="review",
                to="articles.article",
                verbose_name="article",
            ),
        ),
    ]
