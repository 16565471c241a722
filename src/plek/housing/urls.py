from django.urls import path

from plek.housing import views, views_stays, views_waiting
from plek.housing.beheer_urls import urlpatterns as beheer_urlpatterns

app_name = "housing"
urlpatterns = [
    path("wonen/voorzieningen/", views.catalogue, name="catalogue"),
    path("wonen/voorzieningen/<int:facility_id>/", views_stays.board, name="board"),
    path(
        "wonen/voorzieningen/<int:facility_id>/eenheden-toewijzen/",
        views_stays.assign_automatically,
        name="assign-auto",
    ),
    path("wonen/verblijven/", views_stays.stays_list, name="stays"),
    path("wonen/verblijven/<int:stay_id>/eenheid/", views_stays.assign_unit, name="assign-unit"),
    path("wonen/voorstellen/", views_stays.proposals_list, name="proposals"),
    path("wonen/personen/<int:person_id>/plaatsen/", views_stays.place_person, name="place"),
    path(
        "wonen/voorzieningen/<int:facility_id>/voorstellen/", views_waiting.propose, name="propose"
    ),
    path(
        "wonen/voorzieningen/<int:facility_id>/eenheden/nieuw/",
        views.unit_create,
        name="unit-create",
    ),
    path(
        "wonen/voorzieningen/<int:facility_id>/regels/", views.facility_rules, name="facility-rules"
    ),
    path("wonen/overzicht/", views_stays.overview, name="overview"),
    path("wonen/wachtlijst/", views_waiting.waiting_list, name="waiting-list"),
    path(
        "wonen/wachtlijst/<int:entry_id>/toegangsbesluit/",
        views_waiting.access_decision,
        name="access-decision",
    ),
    path("wonen/wachtlijst/<int:entry_id>/parkeren/", views_waiting.park, name="waiting-park"),
    path("wonen/voorstellen/nieuw/", views_waiting.propose_all, name="propose-all"),
    path("wonen/rangschikking/", views_waiting.ranking_policy, name="ranking-policy"),
    path("wonen/wachtlijst/<int:entry_id>/", views_waiting.waiting_detail, name="waiting-detail"),
    path(
        "wonen/wachtlijst/<int:entry_id>/intrekken/",
        views.waiting_withdraw,
        name="waiting-withdraw",
    ),
    path("wonen/wat-als/", views.what_if, name="what-if"),
    path("wonen/personen/<int:person_id>/inschrijven/", views.register, name="waiting-register"),
    path("wonen/personen/<int:person_id>/terugval/", views.respite_book, name="respite-book"),
    path(
        "wonen/voorstellen/<int:proposal_id>/", views_stays.proposal_detail, name="proposal-detail"
    ),
    path("wonen/verblijven/<int:stay_id>/", views_stays.stay_detail, name="stay-detail"),
    path("wonen/terugval/", views_stays.respite, name="respite"),
    path("wonen/terugval/<int:booking_id>/verlengen/", views.respite_extend, name="respite-extend"),
    *beheer_urlpatterns,
]
