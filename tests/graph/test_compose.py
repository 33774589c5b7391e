"""docker-compose.yml and Dockerfile: structure, and validation by the compose client if present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_neo4j_service(compose: dict) -> None:
    neo = compose["services"]["neo4j"]
    assert neo["image"].startswith("neo4j:5.26") and "community" in neo["image"]
    assert neo["environment"]["NEO4J_AUTH"] == "neo4j/${NEO4J_PASSWORD:-retailkg-demo}"
    assert "127.0.0.1:7687:7687" in neo["ports"]
    assert all(str(p).startswith("127.0.0.1:") for p in neo["ports"])
    mounts = {v.split(":")[1]: v.split(":")[0] for v in neo["volumes"]}
    assert mounts["/data"] in compose["volumes"] and mounts["/logs"] in compose["volumes"]
    health = neo["healthcheck"]
    assert "cypher-shell" in " ".join(health["test"]) and "RETURN 1" in " ".join(health["test"])
    assert health["retries"] >= 10


def test_app_service(compose: dict) -> None:
    app = compose["services"]["app"]
    assert app["build"] in (".", {"context": "."})
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = app["environment"]
    assert env["NEO4J_URI"] == "bolt://neo4j:7687" and env["NEO4J_USER"] == "neo4j"
    assert env["NEO4J_PASSWORD"] == "${NEO4J_PASSWORD:-retailkg-demo}"
    assert app["ports"] == ["127.0.0.1:8000:8000"]


def test_dockerfile_installs_and_serves() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("FROM python:3.11-slim")
    assert "pip install --no-cache-dir ." in text
    assert "retailkg ingest data/demo --store neo4j" in text
    assert "retailkg serve --store neo4j --host 0.0.0.0 --port 8000" in text


def compose_command() -> list[str] | None:
    """``docker compose`` (v2 plugin) or ``docker-compose`` (v1), whichever works."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_config_validates() -> None:
    if not shutil.which("docker") and not shutil.which("docker-compose"):
        pytest.skip("the docker CLI is not installed")
    cmd = compose_command()
    if cmd is None:
        pytest.skip("docker CLI present but neither the compose plugin nor docker-compose "
                    "(apt-get install docker-compose) is installed")
    out = subprocess.run([*cmd, "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
