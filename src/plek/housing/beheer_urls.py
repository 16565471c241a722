"""The functional admin's pages of placement and flow, under /beheer/ (namespace ``housing``)."""

from django.urls import path

from plek.housing import views_beheer as views

urlpatterns = [
    path("beheer/voorzieningen/", views.facility_list, name="admin-facilities"),
    path("beheer/voorzieningen/nieuw/", views.facility_create, name="admin-facility-create"),
    path("beheer/voorzieningen/<int:facility_id>/", views.facility_edit, name="admin-facility"),
    path(
        "beheer/voorzieningen/<int:facility_id>/capaciteit/",
        views.capacity_add,
        name="admin-capacity-add",
    ),
    path(
        "beheer/voorzieningen/<int:facility_id>/eenheden/nieuw/",
        views.unit_create,
        name="admin-unit-create",
    ),
    path("beheer/eenheden/<int:unit_id>/", views.unit_edit, name="admin-unit"),
    path("beheer/capaciteit/<int:period_id>/", views.capacity_edit, name="admin-capacity"),
    path("beheer/reactienormen/", views.norms, name="admin-norms"),
    path("beheer/historie/", views.history, name="admin-history"),
]
