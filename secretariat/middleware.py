from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    """Staff reach the admin only after a second factor (django-otp), when REQUIRE_STAFF_OTP is on.

    Delegates and the public are not affected. A staff user without a verified device is sent to
    the two-factor setup or login page instead of the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_STAFF_OTP
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not user.is_verified()
        ):
            return redirect(f"{reverse('two_factor:profile')}?next={request.path}")
        return self.get_response(request)


class RefuseNulMiddleware:
    """Refuse a NUL character anywhere in a query parameter or in posted data, with a 400.

    PostgreSQL text cannot hold NUL: a filter or a save with one would end in a 500, wherever the
    value goes. One place refuses it for every view (pages, admin, API): a page in the reader's
    language, or a JSON error under ``/api/``.
    """

    JSON_TYPES = ("application/json", "application/vnd.api+json")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path_info or _querydict_has_nul(request.GET):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        if request.content_type in self.JSON_TYPES:
            # JSON spells NUL as an escape (\u0000); a raw NUL byte is refused too.
            body = request.body
            return b"\x00" in body or b"\\u0000" in body.lower()
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            files = request.FILES
            return _querydict_has_nul(request.POST) or any(
                "\x00" in (upload.name or "") for name in files for upload in files.getlist(name)
            )
        return False

    def _refuse(self, request):
        from django.http import JsonResponse
        from django.template.response import TemplateResponse
        from django.utils.translation import gettext as _

        message = _("The request contains a NUL character, which no field or parameter may hold.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        response = TemplateResponse(request, "secretariat/bad_request.html", {"message": message}, status=400)
        return response.render()


def _querydict_has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)
