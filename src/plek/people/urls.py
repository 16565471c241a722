from django.urls import path

from plek.people import views

app_name = "people"
urlpatterns = [
    path("personen/nieuw/", views.person_create, name="create"),
    path("personen/zoeken/", views.person_search, name="search"),
    path("personen/<int:person_id>/", views.person_detail, name="detail"),
    path(
        "personen/<int:person_id>/huishouden/nieuw/",
        views.household_create,
        name="household-create",
    ),
    path("personen/<int:person_id>/samenvoegen/", views.person_merge, name="merge"),
    path("personen/<int:person_id>/contact/", views.contact_edit, name="contact-edit"),
    path("personen/<int:person_id>/toestemmingen/", views.consents, name="consents"),
    path("toestemmingen/<int:consent_id>/intrekken/", views.consent_revoke, name="consent-revoke"),
    path("samenvoegingen/<int:merge_id>/ongedaan/", views.merge_undo, name="merge-undo"),
    path("huishoudens/<int:household_id>/", views.household_detail, name="household"),
    path(
        "huishoudens/<int:household_id>/leden/",
        views.household_add_member,
        name="household-add-member",
    ),
    path(
        "huishoudens/<int:household_id>/leden/zoeken/",
        views.household_member_search,
        name="household-member-search",
    ),
    path(
        "huishoudens/leden/<int:member_id>/beeindigen/",
        views.household_end_member,
        name="household-end-member",
    ),
    path("privacy/inzage/", views.inzage, name="inzage"),
    path("privacy/inzage/<int:person_id>.json", views.inzage_json, name="inzage-json"),
    path("privacy/inzage/<int:person_id>.pdf", views.inzage_pdf, name="inzage-pdf"),
]
