from django.urls import path

from plek.people import views

app_name = "people"
urlpatterns = [
    path("personen/<int:person_id>/", views.person_detail, name="detail"),
]
