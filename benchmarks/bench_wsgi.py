"""The WSGI application of the benchmark: secretariat.wsgi as production runs it.

With ``--preload`` gunicorn imports this module once in the master: secretariat.wsgi imports the
URLconf (views, documents, WeasyPrint, openpyxl…) and freezes the long-lived objects, so no worker
spends seconds importing on its first request and the measured requests are the steady state. The
database connection that setup may have opened is closed before the fork: a connection must never be
shared between processes.
"""

from django.db import connections

from secretariat.wsgi import application

connections.close_all()

__all__ = ["application"]
