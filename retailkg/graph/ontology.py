"""The ontology (labels and relation types), loaded from ``retailkg/ontology.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology.yaml"


@dataclass(frozen=True)
class RelationType:
    """One relation type: allowed endpoint labels, symmetry and display verbs."""

    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    symmetric: bool
    verb: str
    reverse_verb: str
    caption: str | None = None

    def allows(self, source_label: str, target_label: str) -> bool:
        """True if an edge from ``source_label`` to ``target_label`` is valid."""
        return source_label in self.source and target_label in self.target


@dataclass(frozen=True)
class Ontology:
    """Labels (with display colour) and relation types."""

    labels: dict[str, dict]
    relations: dict[str, RelationType]

    @property
    def label_names(self) -> list[str]:
        return list(self.labels)

    @property
    def relation_names(self) -> list[str]:
        return list(self.relations)

    def colour(self, label: str) -> str:
        return self.labels.get(label, {}).get("colour", "#7f7f7f")

    def is_valid(self, rel: str, source_label: str, target_label: str) -> bool:
        """True if ``rel`` may connect these labels (either way for symmetric types)."""
        rt = self.relations.get(rel)
        if rt is None:
            return False
        if rt.allows(source_label, target_label):
            return True
        return rt.symmetric and rt.allows(target_label, source_label)


@lru_cache(maxsize=1)
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Read the ontology file once."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    relations = {
        name: RelationType(
            name=name,
            source=tuple(spec["source"]),
            target=tuple(spec["target"]),
            symmetric=bool(spec.get("symmetric", False)),
            verb=spec.get("verb", name.lower()),
            reverse_verb=spec.get("reverse_verb", name.lower()),
            caption=spec.get("caption"),
        )
        for name, spec in data["relations"].items()
    }
    return Ontology(labels=dict(data["labels"]), relations=relations)
