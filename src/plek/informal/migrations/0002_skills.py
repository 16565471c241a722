"""The kinds of help volunteers offer and help requests ask for: a starting list."""

from typing import Any

from django.db import migrations

from plek.informal.skills import SKILLS



def add_skills(apps: Any, schema_editor: Any) -> None:
    skill = apps.get_model("informal", "Skill")
    for code, name in SKILLS:
        skill.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("informal", "0001_initial")]
    operations = [migrations.RunPython(add_skills, migrations.RunPython.noop)]
