from django.urls import path

from plek.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("tweede-factor/", views.second_factor, name="second-factor"),
    path("tweede-factor/overslaan/", views.demo_skip, name="demo-skip"),
    path("lidmaatschap/", views.switch_membership, name="switch-membership"),
]
