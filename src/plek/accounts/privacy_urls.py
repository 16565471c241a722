"""The privacy officer's page of the accounts app: changes to case-file roles."""

from django.urls import path

from plek.accounts import views

app_name = "accounts-privacy"
urlpatterns = [
    path("rolwijzigingen/", views.case_file_role_changes, name="role-changes"),
]
