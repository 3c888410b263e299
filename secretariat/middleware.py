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
