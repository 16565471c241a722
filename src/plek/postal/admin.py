"""Functional administration of the postal-address reference data (never person data)."""

from django.contrib import admin

from plek.postal.models import AccessCriterion, PostalGiver


@admin.register(PostalGiver)
class PostalGiverAdmin(admin.ModelAdmin):
    list_display = ("name", "address", "max_active", "active")
    list_filter = ("active",)


@admin.register(AccessCriterion)
class AccessCriterionAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "text", "active")
    list_filter = ("active",)
