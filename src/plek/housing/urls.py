from django.urls import path

from plek.housing import views
from plek.housing.beheer_urls import urlpatterns as beheer_urlpatterns

app_name = "housing"
urlpatterns = [
    path("wonen/voorzieningen/", views.catalogue, name="catalogue"),
    path("wonen/voorzieningen/<int:facility_id>/", views.board, name="board"),
    path("wonen/voorzieningen/<int:facility_id>/voorstellen/", views.propose, name="propose"),
    path(
        "wonen/voorzieningen/<int:facility_id>/eenheden/nieuw/",
        views.unit_create,
        name="unit-create",
    ),
    path(
        "wonen/voorzieningen/<int:facility_id>/regels/", views.facility_rules, name="facility-rules"
    ),
    path("wonen/overzicht/", views.overview, name="overview"),
    path("wonen/wachtlijst/", views.waiting_list, name="waiting-list"),
    path("wonen/wachtlijst/<int:entry_id>/", views.waiting_detail, name="waiting-detail"),
    path(
        "wonen/wachtlijst/<int:entry_id>/intrekken/",
        views.waiting_withdraw,
        name="waiting-withdraw",
    ),
    path("wonen/wat-als/", views.what_if, name="what-if"),
    path("wonen/personen/<int:person_id>/inschrijven/", views.register, name="waiting-register"),
    path("wonen/personen/<int:person_id>/terugval/", views.respite_book, name="respite-book"),
    path("wonen/voorstellen/<int:proposal_id>/", views.proposal_detail, name="proposal-detail"),
    path("wonen/verblijven/<int:stay_id>/", views.stay_detail, name="stay-detail"),
    path("wonen/terugval/", views.respite, name="respite"),
    path("wonen/terugval/<int:booking_id>/verlengen/", views.respite_extend, name="respite-extend"),
    *beheer_urlpatterns,
]
