from django.urls import path

from plek.signals import views

app_name = "signals"
urlpatterns = [
    path("signalen/", views.signal_list, name="list"),
    path("signalen/nieuw/", views.signal_create, name="create"),
    path("signalen/<int:signal_id>/", views.signal_detail, name="detail"),
    path("signalen/<int:signal_id>/contactpoging/", views.contact_attempt, name="attempt"),
    path("signalen/<int:signal_id>/uitkomst/", views.outcome, name="outcome"),
    path("signalen/<int:signal_id>/toewijzen/", views.assign, name="assign"),
    path("aanleveringen/", views.deliveries, name="deliveries"),
    path("aanleveringen/<int:delivery_id>/", views.delivery_detail, name="delivery"),
    path("aanleveringen/<int:delivery_id>/besluit/", views.delivery_decide, name="delivery-decide"),
    path("terugmeldingen/", views.feedback, name="feedback"),
]
