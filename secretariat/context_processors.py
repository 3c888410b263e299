from django.conf import settings


def portal(request) -> dict:
    return {"UI_LANGUAGES": settings.UI_LANGUAGES}
