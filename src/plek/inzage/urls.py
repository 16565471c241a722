from django.urls import path

from plek.inzage import views

app_name = "inzage"
urlpatterns = [
    path("privacy/inzageverzoeken/", views.request_list, name="list"),
    path("privacy/inzageverzoeken/nieuw/", views.request_create, name="create"),
    path("privacy/inzageverzoeken/<int:request_id>/", views.request_detail, name="detail"),
    path(
        "privacy/inzageverzoeken/<int:request_id>/persoon/",
        views.request_identify,
        name="identify",
    ),
    path(
        "privacy/inzageverzoeken/<int:request_id>/verlengen/", views.request_extend, name="extend"
    ),
    path("privacy/inzageverzoeken/<int:request_id>/afhandelen/", views.request_close, name="close"),
    path("privacy/inzageverzoeken/<int:request_id>/brief/", views.request_letter, name="letter"),
    path(
        "privacy/inzageverzoeken/<int:request_id>/brief.pdf",
        views.request_letter_pdf,
        name="letter-pdf",
    ),
]
