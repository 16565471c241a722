"""Programmes in the Django admin, for functional admins repairing data."""

from django.contrib import admin

from plek.programs.models import Action, Indicator, Milestone, Programme, ReportingMoment, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "start_date", "end_date", "version")
    search_fields = ("name",)
    inlines = [ThemeInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "programme", "theme", "origin")
    list_filter = ("programme", "origin")
    search_fields = ("number", "title")
    inlines = [MilestoneInline]


@admin.register(ReportingMoment)
class ReportingMomentAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "reference_date", "state")
    list_filter = ("state", "programme")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "source", "scope", "period_rule", "target", "direction")
    list_filter = ("programme", "source")
