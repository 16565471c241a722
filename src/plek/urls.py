from django.urls import include, path

from plek.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("accounts/", include("plek.accounts.urls")),
    path("beheer/systeemclients/", include("plek.api.beheer_urls")),
    path("beheer/", include("plek.accounts.beheer_urls")),
    path("privacy/", include("plek.accounts.privacy_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("plek.api_urls")),
    # Before accounts' and beheer's own pages: single sign-on and the BRP (plek.integrations).
    path("", include("plek.integrations.oidc.urls")),
    path("", include("plek.integrations.brp.urls")),
    # API v2: paths without a trailing slash (API Design Rules), all under api/v2.
    path("api/", include("plek.api.v2.urls")),
    path("", include("plek.access.urls")),
    path("", include("plek.people.urls")),
    path("", include("plek.postal.urls")),
    path("", include("plek.integrations.urls")),
    path("", include("plek.aftercare.urls")),
    path("", include("plek.informal.urls")),
    path("", include("plek.protection.urls")),
    path("", include("plek.finance.urls")),
    path("", include("plek.signals.urls")),
    path("", include("plek.outreach.urls")),
    path("", include("plek.inzage.urls")),
    path("", include("plek.housing.urls")),
    path("", include("plek.intake.urls")),
    path("", include("plek.plans.urls")),
    path("", include("plek.exchange.urls")),
    path("", include("plek.monitor.urls")),
    path("", include("plek.programs.urls")),
    path("", include("plek.retention.urls")),
    path("", include("plek.web.urls")),
]

handler403 = "plek.web.views.permission_denied"
handler404 = "plek.web.views.page_not_found"
handler500 = "plek.web.views.server_error"
