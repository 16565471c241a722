from django.urls import path

from plek.informal import views

app_name = "informal"
urlpatterns = [
    path("mantelzorgers/", views.carer_list, name="carers"),
    path("mantelzorgers/nieuw/", views.carer_new, name="carer-new"),
    path("mantelzorgers/<int:carer_id>/", views.carer_detail, name="carer"),
    path("mantelzorgers/<int:carer_id>/check/", views.carer_checkin, name="carer-checkin"),
    path("mantelzorgers/<int:carer_id>/ondersteuning/", views.carer_support, name="carer-support"),
    path(
        "mantelzorgers/<int:carer_id>/waardering/",
        views.carer_appreciation,
        name="carer-appreciation",
    ),
    path(
        "mantelzorgers/<int:carer_id>/waardering/<int:appreciation_id>/status/",
        views.appreciation_status,
        name="appreciation-status",
    ),
    path("mantelzorgers/<int:carer_id>/plan/", views.carer_action, name="carer-action"),
    path("hulpvragen/", views.request_list, name="requests"),
    path("hulpvragen/nieuw/", views.request_new, name="request-new"),
    path("hulpvragen/<int:request_id>/", views.request_detail, name="request"),
    path("hulpvragen/<int:request_id>/oppakken/", views.request_take, name="request-take"),
    path("hulpvragen/<int:request_id>/koppelen/", views.request_match, name="request-match"),
    path("hulpvragen/<int:request_id>/afsluiten/", views.request_close, name="request-close"),
    path("koppelingen/<int:match_id>/", views.match_summary, name="match-summary"),
    path(
        "koppelingen/<int:match_id>/kennismaking/",
        views.match_introduction,
        name="match-introduction",
    ),
    path("koppelingen/<int:match_id>/nazorg/", views.match_follow_up, name="match-follow-up"),
    path("koppelingen/<int:match_id>/zorg/", views.match_concern, name="match-concern"),
    path("vrijwilligers/", views.volunteer_list, name="volunteers"),
    path("vrijwilligers/nieuw/", views.volunteer_new, name="volunteer-new"),
    path("vrijwilligers/<int:volunteer_id>/", views.volunteer_detail, name="volunteer"),
    path("buurtcirkels/", views.circle_list, name="circles"),
    path("buurtcirkels/<int:circle_id>/", views.circle_detail, name="circle"),
]
