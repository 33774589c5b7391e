"""Find entity mentions: the knowledge base (Aho-Corasick) plus discovery of unknown entities
from company suffixes, role titles next to names, and maker + model names."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from retailkg.graph.subgraph import norm_key
from retailkg.ingest.document import Document, Mention
from retailkg.ingest.kb import load_kb
from retailkg.ingest.lexicon import load_lexicon

_CAP = r"[A-ZÀ-Ý][\w&'’.-]*"
_NAME_TOKEN = r"[A-Z][a-zà-ÿ'’-]+"
_LATIN_PERSON = re.compile(rf"{_NAME_TOKEN}(?:\s(?:von|van|de|da|di|del|der|le)?\s?{_NAME_TOKEN}){{1,2}}")
_MODEL = re.compile(r"\s?((?:[A-Z][a-zA-Z]{0,6}\s?)?[A-Z]{0,3}-?\d{1,4}[A-Za-z+]{0,3}(?:\s(?:Pro|Max|Ultra|Plus|Lite|SE|Mini|EV|DM-i))?)\b")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ZH_TITLE_TAIL = set("官长总师员会司团部局处委厂店")
_ZH_ROLE_NAME = "{role}(?:兼\\w{{1,4}})?[、，,\\s]?([{surnames}][\u4e00-\u9fff]{{1,2}})"


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(not (a[1] <= s or a[0] >= e) for s, e in spans)


def _mask(n: int, spans: list[tuple[int, int]]) -> bytearray:
    """Characters covered by ``spans``: overlap tests in linear, not quadratic, time."""
    mask = bytearray(n)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _hits(mask: bytearray, a: tuple[int, int]) -> bool:
    return 1 in mask[a[0]:a[1]]


def kb_mentions(doc: Document) -> list[Mention]:
    """Knowledge-base matches over the whole cleaned text."""
    kb = load_kb()
    out = []
    for start, end, ent_id, surface in kb.match(doc.text):
        ent = kb.entities[ent_id]
        out.append(Mention(start=start, end=end, surface=surface, label=ent.label, key=ent_id, origin="kb"))
    return out


@lru_cache(maxsize=32)
def _company_pattern(lang: str) -> re.Pattern:
    suffix = load_lexicon(lang).company_suffix.pattern
    return re.compile(rf"((?:{_CAP}\s+){{0,4}}?{_CAP}),?\s+(?:\([^)]{{1,30}}\)\s+)?(?:{suffix})(?:,?\s+(?:{suffix}))*(?![\w])")


@lru_cache(maxsize=32)
def _people_patterns(lang: str) -> tuple[re.Pattern, ...]:
    lex = load_lexicon(lang)
    role = lex.role_any.pattern
    if lang == "zh" and lex.surnames:
        return (re.compile(_ZH_ROLE_NAME.format(role=f"(?:{role})", surnames=lex.surnames)),)
    before = re.compile(rf"(?i:\b(?:{role}))\s+(?:(?i:(?:of|di|del|della|de|du|des|von|bei)\s+|d['’])\S+\s+)?({_LATIN_PERSON.pattern})\b(?!\s+[A-Z])")
    after = re.compile(rf"({_LATIN_PERSON.pattern}),\s+(?i:the\s+|who is\s+|il\s+|la\s+|le\s+|el\s+|der\s+|die\s+)?"
                       rf"(?:\w+\s+){{0,2}}?(?i:{role})\b")
    return (before, after)


def discover_companies(text: str, offset: int, lang: str) -> list[Mention]:
    """Capitalised names ending in a company suffix ("Solid Power, Inc.", "Beixing Photonic Technology")."""
    lex = load_lexicon(lang if lang != "zh" else "en")
    out: list[Mention] = []
    if lex.company_suffix is None:
        return out
    for m in _company_pattern(lex.lang).finditer(text):
        words = m.group(0).split()
        while words and (words[0] in lex.stop_first or words[0].lower() in ("the", "a", "an")):
            words = words[1:]
        if len(words) < 2 or words[0] in lex.generic_words:
            continue
        if all(w.strip(",.") in lex.generic_words or lex.company_suffix.fullmatch(w.strip(",")) for w in words):
            continue
        name = " ".join(words).rstrip(",")
        start = offset + m.end() - len(" ".join(words))
        start = offset + text.rfind(words[0], m.start(), m.end())
        out.append(Mention(start=start, end=offset + m.end(), surface=text[start - offset:m.end()],
                           label="Company", key=norm_key(name), origin="text"))
    return out


_ZH_COMPANY = re.compile(
    r"(?:^|(?<=[，。、；：“”「」（）()\s的与和在是由对将被向从为及或等把给跟同称了]))"
    r"((?:[\u4e00-\u9fff]|[A-Za-z0-9]){2,16}?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司))")
_ZH_GENERIC = re.compile(
    r"^(?:该|这|那|本|此|其|各|某|家|新|老|大|小|多|一|两|几|母|子|分|总|上市|跨国|国内|国外|外资|合资|民营|国有|"
    r"其他|其它|另一|另外|多数|部分|所有|很多|许多|不少|同类|传统|零售|科技|互联网|电商|汽车|物流|投资|金融|咨询|广告|游戏|家电|手机|快递|外卖|网络|软件|芯片|能源|地产|房地产|"
    r"中国|全球|海外|知名|头部|巨头|同行|竞争|合作|第三方|平台|品牌|创业|初创|控股|空壳)+"
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")


def discover_companies_zh(text: str, offset: int) -> list[Mention]:
    """Chinese names ending in a company suffix ("北京车易得新能源科技有限公司")."""
    out: list[Mention] = []
    if "公司" not in text and "集团" not in text:
        return out
    for m in _ZH_COMPANY.finditer(text):
        name = m.group(1)
        if _ZH_GENERIC.match(name) or len(name) - len(re.sub(r"^.*?(股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$",
                                                             r"\1", name)) < 2:
            continue
        start = offset + m.start(1)
        out.append(Mention(start=start, end=start + len(name), surface=name, label="Company",
                           key=norm_key(name), origin="text"))
    return out


def discover_people(text: str, offset: int, lang: str) -> list[Mention]:
    """Names next to a role title ("CEO Lei Jun", "Lei Jun, founder of", "创始人雷军")."""
    out: list[Mention] = []
    lex = load_lexicon(lang)
    if lex.role_any is None:
        return out
    if lang == "zh" and lex.surnames:
        for m in _people_patterns(lang)[0].finditer(text):
            name = m.group(1)
            if len(name) == 3 and text[m.end(1) - 1:m.end(1)] in "表示说称在的是和与等":
                name = name[:2]
            window = text[max(0, m.start(1) - 3):m.start(1) + len(name) + 2]
            if name[-1] in _ZH_TITLE_TAIL or any(r.search(window) and r.search(window).start() >= 1
                                                 for r in (lex.role_any,)):
                continue  # part of a longer title ("董事长兼首席执行官"), not a name
            start = offset + m.start(1)
            out.append(Mention(start=start, end=start + len(name), surface=name, label="Person",
                               key=norm_key(name), origin="text", role=lex.role_of(m.group(0))))
        return out
    if not lex.role_any.search(text):
        return out  # no role title in the paragraph: nobody to discover
    for pat in _people_patterns(lang):
        for m in pat.finditer(text):
            name = m.group(1)
            if not _LATIN_PERSON.fullmatch(name):
                continue
            tokens = name.split()
            if tokens[0] in lex.stop_first or any(tok in _NOT_NAME for tok in tokens):
                continue
            start = offset + m.start(1)
            out.append(Mention(start=start, end=start + len(name), surface=name, label="Person",
                               key=norm_key(name), origin="text", role=lex.role_of(m.group(0))))
    return out


def discover_models(doc: Document, kb: list[Mention]) -> list[Mention]:
    """A maker's name followed by a model designation ("Xpeng G3", "小鹏G3") is a product."""
    out: list[Mention] = []
    for m in kb:
        if m.label != "Company":
            continue
        tail = doc.text[m.end:m.end + 24]
        mm = _MODEL.match(tail)
        if not mm:
            continue
        model = mm.group(1).strip()
        if not re.search(r"\d", model) or re.fullmatch(r"\d{1,4}", model) and len(model) > 2:
            continue  # years, amounts: "Xiaomi 2014"
        if re.fullmatch(r"\d{1,2}", model) and doc.text[m.end:m.end + 1] != " ":
            continue
        end = m.end + mm.end(1)
        nxt = doc.text[end:end + 3]
        if re.match(r"\s?(?:%|percent|million|billion|yuan|万|亿|年|月|日|元|个|家|款|部|台)", nxt):
            continue
        surface = doc.text[m.start:end]
        name = f"{load_kb().entities[m.key].name} {model}"
        out.append(Mention(start=m.start, end=end, surface=surface, label="Product",
                           key=norm_key(name), origin="text", name=name, maker=m.key))
    return out


def mentions(doc: Document) -> Document:
    """Fill ``doc.mentions`` (non-overlapping; curated names win over discovered ones)."""
    kb = kb_mentions(doc)
    found: list[Mention] = list(discover_models(doc, kb))
    for pi, (s, e) in enumerate(doc.paragraphs):
        lang = doc.paragraph_langs[pi] if doc.paragraph_langs else "en"
        par = doc.text[s:e]
        found += discover_people(par, s, lang)
        if lang == "zh":
            found += discover_people(par, s, "en")
        found += discover_companies(par, s, lang)
        if lang == "zh":
            found += discover_companies_zh(par, s)
    kb_mask = _mask(len(doc.text), [(m.start, m.end) for m in kb])
    kb_starts = [k.start for k in kb]  # kb matches are sorted and do not overlap
    chosen: list[Mention] = []
    # Models contain their maker's KB mention: they replace it. Other discoveries must not
    # overlap a KB match (the curated name is the better reading).
    for m in found:
        if m.label == "Product":
            i = bisect_left(kb_starts, m.start)
            if i < len(kb) and kb[i].end <= m.end:
                chosen.append(m)
                continue
        if _hits(kb_mask, (m.start, m.end)):
            continue
        chosen.append(m)
    taken = _mask(len(doc.text), [(m.start, m.end) for m in chosen])
    result = [k for k in kb if not _hits(taken, (k.start, k.end))] + chosen
    result.sort(key=lambda m: (m.start, -m.end))
    final: list[Mention] = []
    for m in result:
        if final and m.start < final[-1].end:
            continue
        final.append(m)
    # Later short mentions of a discovered name ("Beixing" after "Beixing Photonic Technology").
    final = _short_forms(doc, final)
    _assign_sentences(doc, final)
    doc.mentions = [m for m in final if m.sentence >= 0]
    return doc


def _short_forms(doc: Document, found: list[Mention]) -> list[Mention]:
    discovered = [m for m in found if m.origin == "text" and m.label in ("Company", "Person")]
    if not discovered:
        return found
    taken = _mask(len(doc.text), [(m.start, m.end) for m in found])
    extra: list[Mention] = []
    for m in discovered:
        words = m.surface.split()
        generic = load_lexicon("en").generic_words
        if (m.label == "Company" and len(words) >= 2 and len(words[0]) >= 4 and not _HAN.search(words[0])
                and words[0] not in generic and not words[0].endswith(("’s", "'s"))):
            short = words[0]
        elif m.label == "Person" and len(words) >= 2 and len(words[-1]) >= 4:
            short = words[-1] if not words[0].istitle() or len(words) == 2 else ""
            if re.fullmatch(r"[A-Z][a-z]{1,5}", short or "") and short in _PINYIN_SYLLABLES_HINT:
                short = ""  # a pinyin given name alone is not a reference
        else:
            short = ""
        if not short:
            continue
        for mm in re.finditer(rf"(?<![\w]){re.escape(short)}(?![\w])", doc.text):
            span = (mm.start(), mm.end())
            if not _hits(taken, span):
                extra.append(Mention(start=span[0], end=span[1], surface=short, label=m.label,
                                     key=m.key, origin="text", name=m.name or m.surface))
                taken[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
    return sorted(found + extra, key=lambda m: m.start)


_NOT_NAME = {"Department", "Group", "Company", "University", "Institute", "Association", "Committee",
             "Ministry", "Bureau", "Office", "Board", "Center", "Centre", "Council", "Division", "Business",
             "Team", "Unit", "Lab", "Laboratory", "Academy", "School", "College", "Bank", "Fund", "Capital",
             "Technology", "Motors", "Automobile", "Holdings", "Inc", "Ltd", "Corporation", "Directors"}
_PINYIN_SYLLABLES_HINT = {"Jun", "Wei", "Yong", "Ming", "Hui", "Jian", "Feng", "Lei", "Yan", "Bin", "Hong",
                          "Qiang", "Ping", "Xiang", "Yun", "Fang", "Hao", "Tao", "Long", "Jie"}


def _assign_sentences(doc: Document, found: list[Mention]) -> None:
    i = 0
    sents = doc.sentences
    for m in found:
        while i < len(sents) and sents[i].end <= m.start:
            i += 1
        if i < len(sents) and sents[i].start <= m.start and m.end <= sents[i].end:
            m.sentence = i
        else:
            m.sentence = -1
