"""Reference data of informal care for functional administration; never person data."""

from django.contrib import admin

from plek.informal.models import CircleQuota, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(CircleQuota)
class CircleQuotaAdmin(admin.ModelAdmin):
    list_display = ("municipality", "max_circles")
