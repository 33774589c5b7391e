"""Typed relations from sentence-level trigger patterns (lexicons are data, per language).

Within a sentence, coordinated mentions ("Huawei, Oppo and Vivo") form groups; a trigger is
tried on the text between two neighbouring groups (and before/after them), its direction maps
left/right to source/target, the ontology rejects impossible endpoint labels, and a negation cue
in the clause (not, denied, 否认, nicht, non, …) cancels the statement.
"""

from __future__ import annotations

import re

from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import EvidenceRecord, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.ingest.document import Document, Mention
from retailkg.ingest.lexicon import Lexicon, Trigger, load_lexicon

_COORD = re.compile(r"^\s*(?:,|，|、|/|&|and|und|e|ed|et|y|i|和|与|及|以及|跟|或|or|oder|o|ou|,\s*and|,\s*e|,\s*und|,\s*et|,\s*y)\s*$",
                    re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;；:：\"“”]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|但是|但|而|不过|然而", re.IGNORECASE)
MAX_GAP = {"zh": 30, "default": 110}
DISTANCE_PENALTY = 0.004


def _groups(mentions: list[Mention], text: str) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups:
            prev = groups[-1][-1]
            if _COORD.match(text[prev.end:m.start]) and prev.label == m.label and prev.entity_id != m.entity_id:
                groups[-1].append(m)
                continue
        groups.append([m])
    return groups


def _negated(lex: Lexicon, en: Lexicon, clause: str) -> bool:
    return any(x.negation is not None and x.negation.search(clause) for x in (lex, en))


def _evidence(doc: Document, sent_idx: int, conf: float) -> EvidenceRecord:
    s = doc.sentences[sent_idx]
    return EvidenceRecord(article="", sentence=doc.text[s.start:s.end], lang=s.lang, start=s.start,
                          end=s.end, confidence=round(conf, 3))


def _emit(out: dict, doc: Document, sent_idx: int, src: Mention, rel: str, dst: Mention, conf: float,
          role: str = "") -> None:
    onto = load_ontology()
    if src.entity_id == dst.entity_id or not onto.is_valid(rel, src.label, dst.label):
        return
    s, r, t = canonical_key(src.entity_id, rel, dst.entity_id)
    if not onto.relations[rel].symmetric and not onto.relations[rel].allows(src.label, dst.label):
        return
    key = (s, r, t, sent_idx)
    if key in out and out[key].evidence[0].confidence >= conf:
        return
    out[key] = RelationRecord(source=s, type=r, target=t, evidence=[_evidence(doc, sent_idx, conf)], role=role)


def _apply(trigger: Trigger, left: list[Mention], right: list[Mention], nxt: list[Mention] | None,
           gap: str, pre: str, post: str, post_next: str) -> list[tuple[Mention, Mention]]:
    if not trigger.between.search(gap):
        return []
    if trigger.before is not None and not trigger.before.search(pre):
        return []
    if trigger.after is not None and not trigger.after.search(post):
        return []
    pairs: list[tuple[Mention, Mention]] = []
    if trigger.direction == "sale":
        if nxt is None or trigger.third is None or not trigger.third.search(post_next):
            return []
        return [(buyer, item) for buyer in nxt for item in right]
    for a in left:
        for b in right:
            if trigger.direction == "ba":
                pairs.append((b, a))
            else:
                pairs.append((a, b))
    if trigger.target:
        pairs = [(s, t) for s, t in pairs if t.label == trigger.target]
    return pairs


def relations(doc: Document) -> Document:
    """Fill ``doc.relations`` (one record per fact and sentence; ``article`` set by the pipeline)."""
    en = load_lexicon("en")
    out: dict = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for sent_idx, ms in by_sentence.items():
        if len(ms) < 2 and not any(m.role for m in ms):
            continue
        sent = doc.sentences[sent_idx]
        lang = sent.lang
        lex = load_lexicon(lang)
        lexicons = [lex] if lex.lang == "en" else [lex, en]
        text = doc.text
        max_gap = MAX_GAP.get(lang, MAX_GAP["default"])
        groups = _groups(sorted(ms, key=lambda m: m.start), text)
        for gi in range(len(groups) - 1):
            left, right = groups[gi], groups[gi + 1]
            gap = text[left[-1].end:right[0].start]
            if len(gap) > max_gap or _CLAUSE_BREAK.search(gap):
                continue
            pre_start = groups[gi - 1][-1].end if gi > 0 else sent.start
            pre = text[max(pre_start, left[0].start - 60):left[0].start]
            nxt = groups[gi + 2] if gi + 2 < len(groups) else None
            post_end = nxt[0].start if nxt else sent.end
            post = text[right[-1].end:min(post_end, right[-1].end + 60)]
            post_next = text[right[-1].end:nxt[0].start] if nxt else ""
            clause = text[max(sent.start, left[0].start - 40):min(sent.end, right[-1].end + 25)]
            if _negated(lex, en, clause):
                continue
            for lx in lexicons:
                matched = False
                for trig in lx.triggers:
                    pairs = _apply(trig, left, right, nxt, gap, pre, post, post_next)
                    if not pairs:
                        continue
                    conf = max(0.3, trig.confidence - DISTANCE_PENALTY * len(gap))
                    role = lx.role_of(gap + " " + post[:30]) if trig.relation == "WORKS_AT" else ""
                    for src, dst in pairs:
                        _emit(out, doc, sent_idx, src, trig.relation, dst, conf, role)
                    matched = True
                if matched:
                    break
        # A person found next to a role title works at the organisation named beside it.
        for m in ms:
            if m.label == "Person" and m.role:
                orgs = [o for o in ms if o.label in ("Company", "Organization", "Platform")]
                if orgs:
                    near = min(orgs, key=lambda o: abs(o.start - m.start))
                    if abs(near.start - m.start) < 60:
                        _emit(out, doc, sent_idx, m, "WORKS_AT", near, 0.6, m.role)
    doc.relations = list(out.values())
    return doc
