from django.urls import path

from plek.aftercare import views

app_name = "aftercare"
urlpatterns = [
    path("nazorg/starten/", views.start_track, name="start"),
    path("nazorg/starten/verblijf/<int:stay_id>/", views.start_track, name="start-from-stay"),
    path("nazorg/starten/persoon/<int:person_id>/", views.start_track, name="start-for-person"),
    path("nazorg/trajecten/<int:track_id>/", views.track_detail, name="track"),
    path(
        "nazorg/trajecten/<int:track_id>/contactmoment-plannen/",
        views.plan_checkin,
        name="plan-checkin",
    ),
    path("nazorg/trajecten/<int:track_id>/beeindigen/", views.end_track, name="end"),
    path("nazorg/contactmomenten/", views.checkin_list, name="checkins"),
    path("nazorg/trajecten/<int:track_id>/coach/", views.assign_coach, name="coach"),
    path("nazorg/contactmomenten/<int:checkin_id>/", views.record_checkin, name="checkin"),
    path("nazorg/signaleringen/", views.alert_inbox, name="alerts"),
    path("nazorg/signaleringen/gezien/", views.acknowledge, name="acknowledge"),
]
