"""The knowledge base: size, schema, no alias on two entities, no relations."""

from collections import Counter

import yaml

from retailkg.graph.subgraph import norm_key
from retailkg.ingest.kb import KB_DIR, LABELS, load_kb

ALLOWED_KEYS = {"name", "label", "aliases", "exact_case"}


def test_at_least_400_entities_over_every_label():
    kb = load_kb()
    assert len(kb.entities) >= 400
    assert set(Counter(e.label for e in kb.entities.values())) == set(LABELS)


def test_schema_has_entities_and_aliases_only():
    for path in KB_DIR.glob("*.yaml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert set(item) <= ALLOWED_KEYS, (path.name, item["name"], set(item) - ALLOWED_KEYS)
            assert item["label"] in LABELS


def test_no_alias_names_two_entities():
    owners: dict[str, set[str]] = {}
    for ent in load_kb().entities.values():
        for alias in ent.aliases:
            owners.setdefault(norm_key(alias), set()).add(ent.id)
    clashes = {k: v for k, v in owners.items() if len(v) > 1 and k}
    assert not clashes


def test_machine_translation_renderings_resolve():
    kb = load_kb()
    for surface, name in [("millet", "Xiaomi"), ("micro-letter", "WeChat"), ("Aauto Quicker", "Kuaishou"),
                          ("小米", "Xiaomi"), ("騰訊", "Tencent"), ("balance treasure", "Yu'e Bao")]:
        hits = kb.match(f"x {surface} y")
        assert hits, surface
        assert kb.entities[hits[0][2]].name == name
