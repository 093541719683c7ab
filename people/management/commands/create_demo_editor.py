"""Create (or reset) the demo accounts that `make run` prints: the demo editor,
and one reviewer for each stage of the default review chain, so that a story
can be taken through 初审, 复审 and 终审/签发 on a local site (the chain needs
three different people, none of them the writer).

Demo only: refuses to run with DEBUG off, so a production site never gets a
known password.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from review.groups import DEFAULT_STAGES

DEMO_USERNAME = "editor"
DEMO_PASSWORD = "newsroom-demo"
# one reviewer per default stage, in the chain's order
DEMO_REVIEWERS = dict(zip(("chushen", "fushen", "zhongshen"), DEFAULT_STAGES))


class Command(BaseCommand):
    help = "Create the demo editor and the demo reviewers (DEBUG only) and print their logins."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo editor account is for local development only (DEBUG is off).")
        created = self._account(DEMO_USERNAME, ["Editor"])
        verb = "Created" if created else "Reset"
        self.stdout.write(
            f"{verb} demo editor: username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r} "
            f"(log in at {settings.SITE_URL}/{settings.ADMIN_URL})"
        )
        for username, (_, stage, group) in DEMO_REVIEWERS.items():
            # what a reviewer may open and change comes from the Editor group;
            # the stage's group only says where in the chain they may act
            self._account(username, ["Editor", group])
            self.stdout.write(f"  demo reviewer for {stage}: username {username!r}, same password")

    def _account(self, username: str, groups: list[str]) -> bool:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.is_staff = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        return created
