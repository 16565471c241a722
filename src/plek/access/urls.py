from django.urls import path

from plek.access import views

app_name = "access"
urlpatterns = [
    path("toegang/doorbreken/<int:person_id>/", views.break_glass, name="break-glass"),
    path("privacy/verwerkingen/", views.processing_log, name="processing-log"),
    path("privacy/doorbraken/", views.break_glass_reviews, name="break-glass-reviews"),
    path("privacy/doorbraken/daglimiet/", views.break_glass_limits, name="break-glass-limits"),
    path("privacy/ongebruikelijke-inzage/", views.unusual_access, name="unusual-access"),
]
