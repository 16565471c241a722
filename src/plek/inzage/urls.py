from django.urls import path

from plek.inzage import views

BASE = "privacy/inzageverzoeken/"
ONE = BASE + "<int:access_request_id>/"

app_name = "inzage"
urlpatterns = [
    path(BASE, views.request_list, name="list"),
    path(BASE + "nieuw/", views.request_create, name="create"),
    path(ONE, views.request_detail, name="detail"),
    path(ONE + "persoon/", views.request_identify, name="identify"),
    path(ONE + "verlengen/", views.request_extend, name="extend"),
    path(ONE + "afhandelen/", views.request_close, name="close"),
    path(ONE + "brief/", views.request_letter, name="letter"),
    path(ONE + "brief.pdf", views.request_letter_pdf, name="letter-pdf"),
]
