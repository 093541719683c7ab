from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_tag_slugs_never_empty")]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["id", "status", "publish_at"], name="article_id_status_publish"),
        ),
    ]
