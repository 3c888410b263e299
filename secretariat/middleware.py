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
