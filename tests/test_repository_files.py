"""The files a public-sector open-source repository must carry are there and well-formed."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# The controlled vocabularies of the publiccode.yml standard that we draw from.
CATEGORIES = {
    "business-process-management",
    "compliance-management",
    "data-analytics",
    "data-visualization",
    "workflow-management",
}
SCOPES = {"healthcare", "local-authorities", "society", "welfare"}


def test_licence_is_eupl_1_2() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert "Appendix" in text


def test_publiccode_yaml_has_what_the_standard_requires() -> None:
    data = yaml.safe_load((ROOT / "publiccode.yaml").read_text(encoding="utf-8"))
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["name"] == "plek" and data["url"].startswith("https://")
    assert data["platforms"] == ["web"]
    assert set(data["categories"]) <= CATEGORIES
    assert set(data["intendedAudience"]["scope"]) <= SCOPES
    assert data["developmentStatus"] == "development"
    assert data["softwareType"] == "standalone/web"
    assert data["legal"]["license"] == "EUPL-1.2"
    assert data["maintenance"]["type"] == "internal" and data["maintenance"]["contacts"]
    assert data["localisation"]["availableLanguages"] == ["nl", "en"]
    for language in ("nl", "en"):
        text = data["description"][language]
        assert len(text["shortDescription"]) <= 150
        assert 150 <= len(text["longDescription"]) <= 10000
        assert text["features"]
    assert {dep["name"] for dep in data["dependsOn"]["open"]} >= {"PostgreSQL", "Redis"}


def test_changelog_and_security_policy_exist() -> None:
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "security@plek.example" in (ROOT / "SECURITY.md").read_text(encoding="utf-8")
