import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secretariat.settings.prod")
application = get_wsgi_application()

# Import every view now (with gunicorn --preload, once in the master, shared by the workers), then
# keep everything alive so far out of the cyclic collector's full collections: with Django, the
# views and their libraries in the heap, one full collection costs some 0.1 s in the middle of a
# request or a PDF render; frozen, it scans only what requests allocate. See README "Deadline-day load".
get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module
gc.freeze()
