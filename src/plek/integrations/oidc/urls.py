"""Single sign-on: the login round trip under /accounts/ (reachable before login), the
functional admin's settings under /beheer/."""

from django.urls import path

from plek.integrations.oidc import views

app_name = "oidc"
urlpatterns = [
    path("accounts/sso/", views.OidcStart.as_view(), name="start"),
    path("accounts/sso/terug/", views.OidcCallback.as_view(), name="callback"),
    path("beheer/single-sign-on/", views.config_edit, name="config"),
]
