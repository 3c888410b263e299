"""The WSGI application of the benchmark: secretariat.wsgi, with the URLconf imported before gunicorn forks.

With ``--preload`` gunicorn imports this module once in the master; importing the URLconf here (views,
documents, WeasyPrint, openpyxl…) means no worker spends seconds importing on its first request, so
the measured requests are the steady state. The database connection that setup may have opened is
closed before the fork: a connection must never be shared between processes.
"""

from django.db import connections
from django.urls import get_resolver

from secretariat.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every view module
connections.close_all()

__all__ = ["application"]
