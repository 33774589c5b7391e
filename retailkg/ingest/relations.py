"""Typed relations from sentence-level trigger patterns (lexicons are data, per language).

Within a sentence, coordinated mentions ("Huawei, Oppo and Vivo") form groups; a trigger is
tried on the text between two neighbouring groups (and before/after them), its direction maps
left/right to source/target, the ontology rejects impossible endpoint labels, and a negation cue
in the clause (not, denied, 否认, nicht, non, …) cancels the statement.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retailkg.graph.ontology import load_ontology
from retailkg.graph.records import EvidenceRecord, RelationRecord
from retailkg.graph.schema import canonical_key
from retailkg.ingest.document import Document, Mention
from retailkg.ingest.lexicon import Lexicon, Trigger, load_lexicon

_COORD = re.compile(r"^\s*(?:,|，|、|/|&|and|und|e|ed|et|y|i|和|与|及|以及|跟|或|or|oder|o|ou|,\s*and|,\s*e|,\s*und|,\s*et|,\s*y)\s*$",
                    re.IGNORECASE)
# Coordination that repeats the preposition: "mit Alibaba und mit JD.com", "con Alibaba y con JD.com",
# "di Pinduoduo e di JD.com", "de Temu y también de Pinduoduo".
_COORD_PREP = re.compile(r"^\s*,?\s*(?:and|und|sowie|e|ed|et|y|as well as)\s+(?:(?:also|auch|anche|aussi|también|tambien)\s+)?"
                         r"(?:with|mit|con|avec|of|von|di|de|del|della|du|des|in|en|dans|on|auf|su|sur|bei|chez|über|via|at|to|an|à|au|aux|al|sul|sulla|nel|nella|per|por|para)\s*$",
                         re.IGNORECASE)
# A coordinated predicate whose subject is the subject of the previous one: "Alibaba owns Taobao,
# …, and also owns Tmall" (the text after the conjunction is tried against the triggers).
_CONJ_PRED = re.compile(r"(?:^|,|\s)(?:and|und|sowie|e|ed|et|y)\s+(?=\S)", re.IGNORECASE)
_WS = re.compile(r"\s+")
_ABBREV_END = re.compile(r"\b(?:Ltd|Inc|Co|Corp|Bhd|Pty|S\.A|N\.V|S\.p\.A)$")
_QUOTES = re.compile(r"[\"“”「」『』«»]")
_APPOSITIVE_OPEN = re.compile(
    r"^\s*[,，]\s*(?:a|an|the|one of|ein|eine|einer|un|una|uno|une|il|la|le|el|der|die|das|founded|owned|backed|"
    r"led|based|headquartered|controlled|run|created|launched|gegründet|fondata|fondée|fundada)\b[^,;:，；]{0,80}$",
    re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;；:：]|\s-\s|\bbut\b|\bwhile\b|\bwhereas\b|但是|但|而|不过|然而", re.IGNORECASE)
_APPOSITIVE = re.compile(
    r"^\s*[,，]\s*(?:(?:a|an|the|one of|ein|eine|einer|un|una|uno|une|il|la|le|el|der|die|das|los|las|les)\b"
    r"[^,;:，；]{0,80}|一家[^，,；;]{0,30}|作为[^，,；;]{0,30})[,，]\s*", re.IGNORECASE)
_CONJ = re.compile(r"(?:^|\s)(?:and|und|e|ed|et|y|i|or|oder|o|ou)\s*$|[和与及、或&/]\s*$", re.IGNORECASE)
MAX_GAP = {"zh": 30, "default": 110}
DISTANCE_PENALTY = 0.004


_MARKETS = {"Company", "Platform"}


_PLAIN_CONJ = re.compile(r"^\s*(?:and|und|e|et|y|&|/|和|与|及|、)\s*$", re.IGNORECASE)


def _coordinable(a: str, b: str, between: str = "", lex: Lexicon | None = None) -> bool:
    """Labels that may share a role in a list: the same label, or a platform and a retailer joined
    by a bare conjunction ("on Tmall and JD.com"; not "owns Tmall, and Alibaba …")."""
    plain = bool(_PLAIN_CONJ.match(between)) or bool(lex and lex.is_coordination(between))
    return a == b or (a in _MARKETS and b in _MARKETS and plain)


def _is_coord(between: str, lex: Lexicon | None) -> bool:
    """Two names joined by a coordinator: built-in ones or those of the sentence's language."""
    return bool(_COORD.match(between) or _COORD_PREP.match(between) or (lex and lex.is_coordination(between)))


def _groups(mentions: list[Mention], text: str, lex: Lexicon | None = None) -> list[list[Mention]]:
    """Coordinated mentions of one label ("A, B and C", "A、B和C") form a group.

    A run joined by commas alone is no list ("… with Koenigsegg, NIO planned …"): it splits.
    """
    runs: list[tuple[list[Mention], list[str]]] = []
    for m in mentions:
        if runs:
            members, seps = runs[-1]
            prev = members[-1]
            between = text[prev.end:m.start]
            if (_is_coord(between, lex) and _coordinable(prev.label, m.label, between, lex)
                    and prev.entity_id != m.entity_id):
                members.append(m)
                seps.append(between)
                continue
        runs.append(([m], []))
    groups: list[list[Mention]] = []
    for members, seps in runs:
        if seps and not any(_CONJ.search(s) or _COORD_PREP.match(s) or (lex and lex.is_coordination(s))
                            for s in seps):
            groups.extend([m] for m in members)
        else:
            groups.append(members)
    return groups


def _negation_spans(text: str, start: int, end: int, lex: Lexicon, en: Lexicon) -> list[tuple[int, int]]:
    """Where the sentence ``text[start:end]`` holds a negation, denial or rumour cue."""
    return [m.span() for x in {id(lex): lex, id(en): en}.values() if x.negation is not None
            for m in x.negation.finditer(text, start, end)]


@lru_cache(maxsize=4096)
def _can_connect(relation: str, direction: str, left: frozenset, right: frozenset) -> bool:
    """Whether a trigger could yield a valid edge between a left and a right label."""
    if direction == "sale":
        return True
    onto = load_ontology()
    if direction == "ba":
        return any(onto.is_valid(relation, b, a) for a in left for b in right)
    return any(onto.is_valid(relation, a, b) for a in left for b in right)


class _Negations:
    """The negation cues of one sentence, found only when a statement needs checking."""

    def __init__(self, text: str, start: int, end: int, lex: Lexicon, en: Lexicon):
        self._args = (text, start, end, lex, en)
        self._spans: list[tuple[int, int]] | None = None

    def covers(self, start: int, end: int) -> bool:
        """True if a cue lies inside the clause window ``[start, end)``."""
        if self._spans is None:
            self._spans = _negation_spans(*self._args)
        return any(s >= start and e <= end for s, e in self._spans)


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
    if trigger.nearest:
        left = left[-1:]
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


def _shared_subject(out: dict, doc: Document, sent_idx: int, subj: list[Mention], right: list[Mention],
                    nxt: list[Mention] | None, gap: str, post: str, post_next: str, lexicons: list[Lexicon],
                    subject_of: dict[int, int], gi: int) -> None:
    """A coordinated predicate keeps the previous subject: "Alibaba owns Taobao, …, and also owns
    Tmall", "JD.com richtet das 618-Festival aus und konkurriert mit Alibaba"."""
    conj = list(_CONJ_PRED.finditer(gap))
    if lexicons[0].conj_pred is not None:
        conj = sorted(conj + list(lexicons[0].conj_pred.finditer(gap)), key=lambda m: m.end())
    if not conj:
        return
    pred = " " + gap[conj[-1].end():]
    for lx in lexicons:
        hit = False
        for trig in lx.triggers:
            if trig.direction not in ("ab", "sym") or trig.before is not None:
                continue
            pairs = _apply(trig, subj, right, nxt, pred, "", post, post_next)
            if not pairs:
                continue
            conf = max(0.3, trig.confidence - 0.1 - DISTANCE_PENALTY * len(pred))
            role = lx.role_of(pred + " " + post[:30]) if trig.relation == "WORKS_AT" else ""
            for src, dst in pairs:
                _emit(out, doc, sent_idx, src, trig.relation, dst, conf, role)
            hit = True
        if hit:
            subject_of[gi + 1] = subject_of[gi]
            return


def _event_of_subject(out: dict, doc: Document, sent_idx: int, subj: list[Mention], right: list[Mention],
                      gap: str, pre: str, post: str, lexicons: list[Lexicon]) -> None:
    """Participation triggers between a clause's subject and an event named later in the clause."""
    for lx in lexicons:
        for trig in lx.triggers:
            if trig.relation != "PARTICIPATES_IN" or trig.direction != "ab" or trig.before is not None:
                continue
            pairs = _apply(trig, subj, right, None, gap, "", post, "")
            if pairs:
                conf = max(0.3, trig.confidence - 0.1 - DISTANCE_PENALTY * len(gap))
                for src, dst in pairs:
                    _emit(out, doc, sent_idx, src, trig.relation, dst, conf)
                return


def _within_groups(out: dict, doc: Document, sent_idx: int, groups: list[list[Mention]],
                   lexicons: list[Lexicon], lex: Lexicon, en: Lexicon) -> None:
    """Symmetric statements about one coordinated group: "Shein, Temu et AliExpress se font
    concurrence", "Samsung und Apple konkurrieren" (triggers with a coordinator as `between` and a
    `before` or `after` cue)."""
    sent = doc.sentences[sent_idx]
    text = doc.text
    # Coordinated neighbours of different labels belong to one list too: "Shein, Temu et AliExpress".
    chains: list[list[list[Mention]]] = []
    for g in groups:
        between = text[chains[-1][-1][-1].end:g[0].start] if chains else ""
        if chains and _is_coord(between, lex):
            chains[-1].append(g)
        else:
            chains.append([g])
    groups = [[m for g in chain for m in g] for chain in chains]
    negs = _Negations(text, sent.start, sent.end, lex, en)
    for gi, g in enumerate(groups):
        if len(g) < 2:
            continue
        coord = text[g[-2].end:g[-1].start]
        pre_start = groups[gi - 1][-1].end if gi > 0 else sent.start
        pre = text[max(pre_start, g[0].start - 60):g[0].start].replace("’", "'")
        post_end = groups[gi + 1][0].start if gi + 1 < len(groups) else sent.end
        post = text[g[-1].end:min(post_end, g[-1].end + 60)].replace("’", "'")
        window = (max(sent.start, g[0].start - 40), min(sent.end, g[-1].end + 25))
        for lx in lexicons:
            hit = False
            for trig in lx.triggers:
                if trig.direction != "sym" or (trig.before is None and trig.after is None):
                    continue
                if not _apply(trig, [g[-2]], [g[-1]], None, coord, pre, post, ""):
                    continue
                if negs.covers(*window):
                    break
                for i, a in enumerate(g):
                    for b in g[i + 1:]:
                        _emit(out, doc, sent_idx, a, trig.relation, b, trig.confidence - 0.05)
                hit = True
            if hit:
                break


def relations(doc: Document) -> Document:
    """Fill ``doc.relations`` (one record per fact and sentence; ``article`` set by the pipeline)."""
    en = load_lexicon("en")
    out: dict = {}
    by_sentence: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for sent_idx, ms in by_sentence.items():
        if len(ms) < 2 and not any(m.role or m.maker for m in ms):
            continue
        sent = doc.sentences[sent_idx]
        lang = sent.lang
        lex = load_lexicon(lang)
        lexicons = [lex] if lex.lang == "en" else [lex, en]
        text = doc.text
        max_gap = MAX_GAP.get(lang, MAX_GAP["default"])
        groups = _groups(sorted(ms, key=lambda m: m.start), text, lex)
        _within_groups(out, doc, sent_idx, groups, lexicons, lex, en)
        negs = _Negations(text, sent.start, sent.end, lex, en)
        subject_of: dict[int, int] = {}  # group index → its clause's subject group ("A owns B")
        for gi in range(len(groups) - 1):
            left, right = groups[gi], groups[gi + 1]
            gap = _WS.sub(" ", _QUOTES.sub(" ", text[left[-1].end:right[0].start].replace("’", "'")))
            if gap.startswith(".") and _ABBREV_END.search(left[-1].surface):
                gap = gap[1:]  # "Alibaba Group Holding Ltd. agreed to buy …"
            subject = left
            app = _APPOSITIVE.match(gap)
            if _CLAUSE_BREAK.search(gap):
                continue
            gap_tail = gap[app.end():] if app else gap
            if not app and gi > 0 and gap.lstrip().startswith((",", "，")):
                # "NEVS, a company controlled by Evergrande, acquired Saab": the subject is NEVS.
                opener = text[groups[gi - 1][-1].end:left[0].start]
                if _APPOSITIVE_OPEN.match(opener):
                    subject = groups[gi - 1]
                    gap_tail = gap.lstrip()[1:]
            if len(gap_tail) > max_gap:
                continue
            pre_start = groups[gi - 1][-1].end if gi > 0 else sent.start
            pre = text[max(pre_start, left[0].start - 60):left[0].start].replace("’", "'")
            nxt = groups[gi + 2] if gi + 2 < len(groups) else None
            post_end = nxt[0].start if nxt else sent.end
            post = text[right[-1].end:min(post_end, right[-1].end + 60)].replace("’", "'")
            post_next = text[right[-1].end:nxt[0].start].replace("’", "'") if nxt else ""
            window = (max(sent.start, left[0].start - 40), min(sent.end, right[-1].end + 25))
            negated = False
            for lx in lexicons:
                matched = False
                labels = (frozenset(m.label for m in subject), frozenset(m.label for m in right))
                for trig in lx.triggers:
                    if not _can_connect(trig.relation, trig.direction, *labels):
                        continue  # the ontology forbids this relation between these labels
                    pairs = _apply(trig, subject, right, nxt, gap_tail, pre, post, post_next)
                    if not pairs:
                        continue
                    if negs.covers(*window):
                        negated = True
                        break
                    conf = max(0.3, trig.confidence - DISTANCE_PENALTY * len(gap))
                    role = lx.role_of(gap + " " + post[:30]) if trig.relation == "WORKS_AT" else ""
                    for src, dst in pairs:
                        _emit(out, doc, sent_idx, src, trig.relation, dst, conf, role)
                    matched = True
                    if trig.direction in ("ab", "sym") and subject is left:
                        subject_of[gi + 1] = gi
                if matched or negated:
                    break
            if negated:
                continue
            if gi in subject_of and not negs.covers(*window):
                subj = groups[subject_of[gi]]
                if any(m.label == "Event" for m in right):
                    # "Xiaomi sold … on Tmall during Double 11": the event belongs to the clause's subject.
                    span = _WS.sub(" ", _QUOTES.sub(" ", text[subj[-1].end:right[0].start].replace("’", "'")))
                    if len(span) <= 2 * max_gap:
                        _event_of_subject(out, doc, sent_idx, subj, right, span, pre, post, lexicons)
                elif not matched:
                    _shared_subject(out, doc, sent_idx, subj, right, nxt, gap, post,
                                    post_next, lexicons, subject_of, gi)
        # A maker's name in a model's name ("Xpeng G3", "小鹏G3") states who makes it.
        for m in ms:
            if m.maker:
                maker = Mention(start=m.start, end=m.start, surface="", label="Company", key=m.maker,
                                origin="kb", sentence=sent_idx, entity_id=m.maker)
                _emit(out, doc, sent_idx, maker, "PRODUCES", m, 0.6)
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
