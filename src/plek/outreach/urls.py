from django.urls import path

from plek.outreach import views

app_name = "outreach"
urlpatterns = [
    path("veldwerk/", views.contact_list, name="list"),
    path("veldwerk/nieuw/", views.contact_create, name="create"),
    path("veldwerk/<int:contact_id>/", views.contact_detail, name="detail"),
    path("veldwerk/<int:contact_id>/koppelen/", views.contact_link, name="link"),
    path("veldwerk/<int:contact_id>/doorverwijzen/", views.contact_refer, name="refer"),
    path("veldwerk/doorverwijzingen/", views.referral_list, name="referrals"),
    path(
        "veldwerk/doorverwijzingen/<int:referral_id>/reactie/",
        views.referral_respond,
        name="respond",
    ),
    path(
        "veldwerk/persoon/<int:person_id>/doorverwijzen/", views.refer_person, name="refer-person"
    ),
]
