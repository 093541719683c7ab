"""The cache generations are named for the admin (缓存代次): options only, no SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("caching", "0001_cache_generation"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="cachegeneration",
            options={
                "ordering": ["-id"],
                "verbose_name": "cache generation",
                "verbose_name_plural": "cache generations",
            },
        ),
    ]
