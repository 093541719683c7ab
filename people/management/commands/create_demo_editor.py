"""Create (or reset) the demo editor account that `make run` prints.

Demo only: refuses to run with DEBUG off, so a production site never gets a
known password.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "newsroom-demo"


class Command(BaseCommand):
    help = "Create the demo editor account (DEBUG only) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo editor account is for local development only (DEBUG is off).")
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"email": "editor@example.com"}
        )
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name="Editor"))
        verb = "Created" if created else "Reset"
        self.stdout.write(
            f"{verb} demo editor: username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r} "
            f"(log in at {settings.SITE_URL}/{settings.ADMIN_URL})"
        )
