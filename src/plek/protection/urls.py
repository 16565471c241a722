from django.urls import path

from plek.protection import views

app_name = "protection"
urlpatterns = [
    path("indicaties/aflopend/", views.expiring, name="expiring"),
    path("indicaties/<int:indication_id>/", views.indication_detail, name="indication"),
    path(
        "indicaties/<int:indication_id>/verlengen/",
        views.extend_indication,
        name="indication-extend",
    ),
    path("indicaties/<int:indication_id>/beeindigen/", views.end_indication, name="indication-end"),
    path(
        "indicaties/<int:indication_id>/arrangement/",
        views.new_arrangement,
        name="arrangement-new",
    ),
    path("arrangementen/<int:arrangement_id>/", views.arrangement_detail, name="arrangement"),
    path(
        "arrangementen/<int:arrangement_id>/beeindigen/",
        views.end_arrangement,
        name="arrangement-end",
    ),
    path("probeerplekken/<int:tryout_id>/afronden/", views.conclude_tryout, name="tryout-conclude"),
    path("personen/<int:person_id>/herkomst/", views.change_origin, name="origin"),
]
