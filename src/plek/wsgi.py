import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

application = get_wsgi_application()

# Outside demo mode, never serve with the demo SECRET_KEY or without PLEK_LOG_KEY.
from plek.startup import refuse_insecure_start  # noqa: E402

refuse_insecure_start()
