"""plek refuses to start outside demo mode with the demo SECRET_KEY or without PLEK_LOG_KEY."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from plek.startup import insecure_start_problems, refuse_insecure_start

PLEK = Path(sys.executable).parent / "plek"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLEK_")}
    env.pop("DATABASE_URL", None)
    return {**env, **extra}


def test_demo_mode_may_use_the_demo_keys(settings: Any) -> None:
    settings.DEMO_MODE = True
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY
    settings.LOG_KEY = settings.DEMO_LOG_KEY
    assert insecure_start_problems() == []
    refuse_insecure_start()


def test_outside_demo_mode_both_keys_are_required(settings: Any) -> None:
    settings.DEMO_MODE = False
    settings.SECRET_KEY = settings.DEMO_SECRET_KEY
    settings.LOG_KEY = settings.DEMO_LOG_KEY
    problems = insecure_start_problems()
    assert len(problems) == 2
    assert "PLEK_SECRET_KEY" in problems[0] and "PLEK_LOG_KEY" in problems[1]
    with pytest.raises(ImproperlyConfigured, match="PLEK_LOG_KEY"):
        refuse_insecure_start()
    settings.SECRET_KEY = "x" * 60
    settings.LOG_KEY = "y" * 60
    assert insecure_start_problems() == []


def test_plek_serve_refuses_without_the_keys(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - our own console script
        [str(PLEK), "serve"],
        env=_env(PLEK_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "PLEK_SECRET_KEY is niet gezet" in result.stderr
    assert "PLEK_LOG_KEY is niet gezet" in result.stderr


def test_the_wsgi_application_refuses_without_the_log_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import plek.wsgi"],
        env=_env(PLEK_VAR_DIR=str(tmp_path), PLEK_SECRET_KEY="s" * 60),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PLEK_LOG_KEY" in result.stderr
    assert "PLEK_SECRET_KEY is niet gezet" not in result.stderr
    ok = subprocess.run(
        [sys.executable, "-c", "import plek.wsgi"],
        env=_env(PLEK_VAR_DIR=str(tmp_path), PLEK_SECRET_KEY="s" * 60, PLEK_LOG_KEY="k" * 60),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
