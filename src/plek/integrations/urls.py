"""The integrations' pages, per adapter (each adapter keeps its own URL module)."""

from plek.integrations.iwmo.urls import urlpatterns as iwmo_urls
from plek.integrations.zgw.urls import urlpatterns as zgw_urls

app_name = "integrations"
urlpatterns = [*zgw_urls, *iwmo_urls]
