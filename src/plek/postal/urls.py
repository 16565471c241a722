from django.urls import path

from plek.postal import views, views_beheer

app_name = "postal"
urlpatterns = [
    path("briefadressen/", views.application_list, name="list"),
    path("briefadressen/nieuw/", views.new_application, name="new"),
    path(
        "briefadressen/nieuw/persoon/<int:person_id>/",
        views.new_application,
        name="new-for-person",
    ),
    path("briefadressen/<int:application_id>/", views.application_detail, name="detail"),
    path(
        "briefadressen/<int:application_id>/tijdelijk/",
        views.register_temporarily,
        name="temporary",
    ),
    path("briefadressen/<int:application_id>/criteria/", views.check_criteria, name="criteria"),
    path("briefadressen/<int:application_id>/advies/", views.record_assessment, name="assessment"),
    path("briefadressen/<int:application_id>/besluit/", views.decide, name="decide"),
    path("briefadressen/<int:application_id>/besluitbrief.pdf", views.letter, name="letter"),
    path("briefadressen/<int:application_id>/herbeoordeling/", views.review, name="review"),
    path("briefadressen/<int:application_id>/einde/", views.end, name="end"),
    path("beheer/briefadres/", views_beheer.admin_terms, name="admin-terms"),
]
