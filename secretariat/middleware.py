from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django_otp import user_has_device

# What a staff session without a verified second factor may still open: the pages that verify or
# set up the second factor, logging out, and switching the language of those pages.
SECOND_FACTOR_VIEWS = frozenset(
    {
        "two_factor:login",
        "two_factor:setup",
        "two_factor:qr",
        "two_factor:setup_complete",
        "logout",
        "admin:logout",
        "set_language",
    }
)
API_PREFIX = "/api/"


def needs_second_factor(user) -> bool:
    """A staff account (staff or superuser: what ISU membership and the admin rest on) whose session
    has not been verified with a second factor."""
    return (
        user is not None
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not user.is_verified()
    )


class StaffTwoFactorMiddleware:
    """With REQUIRE_STAFF_OTP, a staff session reads nothing until its second factor is verified.

    One rule for every page rather than a list of staff pages: whatever staff can read beyond the
    public (the admin, staff dashboards and PDFs, unpublished meetings, restricted documents, report
    versions and receipts, document builds, the API as staff) is behind it, including pages added
    later. Until then such a session reaches only ``SECOND_FACTOR_VIEWS``; every other page redirects
    to the two-factor login (an account with a device: give its token) or setup (no device yet), and
    the API answers 403 with a JSON body instead of a redirect. Delegates and the public are not
    affected. Placed after OTPMiddleware (which sets ``user.is_verified``); a URL that resolves to no
    view is left to answer its 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.REQUIRE_STAFF_OTP or not needs_second_factor(getattr(request, "user", None)):
            return None
        if request.resolver_match.view_name in SECOND_FACTOR_VIEWS:
            return None
        if request.path_info.startswith(API_PREFIX) or request.headers.get("X-Requested-With") == "fetch":
            return JsonResponse(
                {"detail": gettext("Staff must verify their login with a second factor first.")}, status=403
            )
        view = "two_factor:login" if user_has_device(request.user) else "two_factor:setup"
        return redirect(f"{reverse(view)}?{urlencode({'next': request.get_full_path()})}")

class RefuseNulMiddleware:
    """Refuse a NUL character in the path, a query parameter or a JSON body, with a 400.

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
        # Posted forms are left to their fields: Django's and DRF's character fields refuse NUL with a
        # message naming the field (ProhibitNullCharactersValidator), and the delegate's report forms
        # refuse every control character the same way (reporting.validation).
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
