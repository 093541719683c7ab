from django.conf import settings


def site(request):
    """The site's name and canonical origin, for the base template."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
