"""The functional admin pages under /beheer/: a list, a create and an edit page per section."""

from django.urls import URLPattern, path

from plek.accounts import views

app_name = "beheer"


def _section_patterns(section: views.Section) -> list[URLPattern]:
    kwargs = {"section": section.key}
    return [
        path(f"{section.slug}/", views.section_list, kwargs, name=f"{section.key}-list"),
        path(f"{section.slug}/nieuw/", views.section_create, kwargs, name=f"{section.key}-create"),
        path(
            f"{section.slug}/<int:pk>/",
            views.section_update,
            kwargs,
            name=f"{section.key}-update",
        ),
    ]


urlpatterns = [
    path("", views.admin_index, name="index"),
    path(
        "lidmaatschappen/goedkeuren/",
        views.membership_approvals,
        name="membership-approvals",
    ),
    *(pattern for section in views.SECTIONS.values() for pattern in _section_patterns(section)),
    path(
        "gebruikers/<int:pk>/activering/",
        views.user_set_active,
        name="user-set-active",
    ),
    path(
        "gebruikers/<int:pk>/activeringscode/",
        views.user_issue_activation,
        name="user-issue-activation",
    ),
    path(
        "gebruikers/<int:pk>/tweede-factor/",
        views.user_reset_second_factor,
        name="user-reset-second-factor",
    ),
]
