/* The explorer page: typeahead search, neighbourhood canvas, filters, side panel. */
'use strict';

(async function () {
  const { api, el, clear, debounce, showError } = RKG;
  const $ = (id) => document.getElementById(id);
  const onto = await RKG.ontology();
  const panel = $('panel');
  const status = $('status');
  const state = { main: null, expanded: [] };

  const view = new GraphView($('graph'), onto, {
    nodeClick: (id) => showEntity(id),
    edgeClick: (edge) => showEdge(edge.source, edge.type, edge.target),
    nodeDoubleClick: (id) => expand(id),
    stable: (s) => setStatus(s.nodes + ' nodes, ' + s.edges + ' edges · laid out in ' + Math.round(s.ms) + ' ms'),
  });
  window.rkgExplorer = { view, state, showEntity, showEdge, load, expand };
  view.renderLegend($('legend'));

  function setStatus(text) { status.textContent = text; }

  /* -- filters ------------------------------------------------------------------------ */
  function checkboxes(box, items, name) {
    for (const it of items) {
      const input = el('input', { type: 'checkbox', name, value: it.name, checked: true, onchange: refresh });
      const label = el('label', { className: 'check' }, input, it.display || it.name);
      if (it.colour) {
        const sw = el('span', { className: 'swatch' });
        sw.style.backgroundColor = it.colour;
        label.insertBefore(sw, input.nextSibling);
      }
      box.appendChild(label);
    }
  }
  checkboxes($('label-filter'), onto.labels, 'label');
  checkboxes($('rel-filter'), onto.relations, 'rel');
  $('depth').addEventListener('change', refresh);
  $('min-conf').addEventListener('input', () => { $('min-conf-out').textContent = Number($('min-conf').value).toFixed(2); });
  $('min-conf').addEventListener('change', refresh);
  $('lang-filter').addEventListener('change', refresh);
  $('article-filter').addEventListener('change', refresh);
  $('clear-view').addEventListener('click', () => {
    state.main = null; state.expanded = []; view.clear(); setStatus('Search for an entity to start.');
  });

  function checked(name, all) {
    const values = [...document.querySelectorAll('input[name="' + name + '"]:checked')].map((i) => i.value);
    return values.length === all.length ? [] : values;
  }

  function query(id, depth) {
    const p = new URLSearchParams({ id, depth: String(depth), min_confidence: $('min-conf').value });
    const labels = checked('label', onto.labels);
    const rels = checked('rel', onto.relations);
    if (labels.length) p.set('label', labels.join(','));
    if (rels.length) p.set('rel', rels.join(','));
    if ($('lang-filter').value) p.set('lang', $('lang-filter').value);
    if ($('article-filter').value) p.set('article', $('article-filter').value);
    return '/api/neighbourhood?' + p.toString();
  }

  function fillSelect(select, values, labelOf) {
    const current = select.value;
    clear(select);
    select.appendChild(el('option', { value: '' }, 'all'));
    for (const v of values) select.appendChild(el('option', { value: v }, labelOf ? labelOf(v) : v));
    select.value = values.includes(current) ? current : '';
  }

  function updateEvidenceFilters(edges) {
    if ($('lang-filter').value || $('article-filter').value) return; // keep choices while filtered
    fillSelect($('lang-filter'), [...new Set(edges.flatMap((e) => e.languages || []))].sort());
    fillSelect($('article-filter'), [...new Set(edges.flatMap((e) => e.articles || []))].sort(),
      (a) => a.slice(0, 12));
  }

  /* -- loading ------------------------------------------------------------------------- */
  async function fetchGraph(id, depth) {
    if (document.querySelectorAll('input[name="rel"]:checked').length === 0) {
      return { nodes: [], edges: [], graph: {} };
    }
    return api(query(id, depth));
  }

  async function load(id) {
    state.main = id;
    state.expanded = [];
    view.centres = new Set([id]);
    setStatus('Loading…');
    try {
      const data = await fetchGraph(id, $('depth').value);
      updateEvidenceFilters(data.edges);
      if (data.graph && data.graph.truncated) setStatus('Showing the first ' + data.nodes.length + ' nodes…');
      await view.show(data, 'replace');
      view.network.selectNodes([id]);
      showEntity(id);
    } catch (err) { setStatus('Could not load: ' + err.message); }
  }

  async function expand(id) {
    if (!state.expanded.includes(id) && id !== state.main) state.expanded.push(id);
    view.centres.add(id);
    setStatus('Expanding…');
    try {
      const data = await fetchGraph(id, 1);
      await view.show(data, 'merge');
      updateEvidenceFilters(view.edges.get());
    } catch (err) { setStatus('Could not expand: ' + err.message); }
  }

  async function refresh() {
    if (!state.main) return;
    setStatus('Filtering…');
    try {
      const parts = await Promise.all([fetchGraph(state.main, $('depth').value),
        ...state.expanded.map((id) => fetchGraph(id, 1))]);
      const nodes = new Map(); const edges = new Map();
      for (const p of parts) {
        p.nodes.forEach((n) => nodes.set(n.id, n));
        p.edges.forEach((e) => edges.set(GraphView.edgeId(e), e));
      }
      await view.show({ nodes: [...nodes.values()], edges: [...edges.values()] }, 'replace');
      updateEvidenceFilters([...edges.values()]);
    } catch (err) { setStatus('Could not filter: ' + err.message); }
  }

  /* -- search (typeahead) ------------------------------------------------------------ */
  const input = $('search-input');
  const list = $('search-results');
  let seq = 0;
  const runSearch = debounce(async () => {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { list.hidden = true; return; }
    try {
      const res = await api('/api/search?' + new URLSearchParams({ q, limit: '12' }));
      if (mine !== seq) return; // a newer keystroke won
      clear(list);
      for (const r of res.results) {
        const sw = el('span', { className: 'swatch' });
        sw.style.backgroundColor = onto.colour[r.label] || '#7f7f7f';
        list.appendChild(el('li', {
          role: 'option', className: 'hit', dataset: { id: r.id }, tabindex: '0',
          onclick: () => pick(r), onkeydown: (ev) => { if (ev.key === 'Enter') pick(r); },
        }, sw, el('strong', { className: 'hit-name' }, r.name), ' ', el('span', { className: 'badge' }, r.label),
        r.aliases.length ? el('div', { className: 'hit-aliases' }, r.aliases.slice(0, 8).join(' · ')) : null));
      }
      if (!res.results.length) list.appendChild(el('li', { className: 'none' }, 'No match for “' + q + '”'));
      list.hidden = false;
    } catch (err) { clear(list).appendChild(el('li', { className: 'none' }, err.message)); list.hidden = false; }
  }, 200);
  input.addEventListener('input', runSearch);
  if (input.value.trim()) runSearch(); // typed before this script was ready
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const first = list.querySelector('li.hit');
    if (first) first.click();
  });
  function pick(r) { list.hidden = true; input.value = r.name; load(r.id); }

  /* -- side panel --------------------------------------------------------------------- */
  function badge(label) {
    const b = el('span', { className: 'badge' }, label);
    b.style.backgroundColor = onto.colour[label] || '#7f7f7f';
    b.classList.add('filled');
    return b;
  }

  async function showEntity(id) {
    let e;
    try { e = await api('/api/entity/' + encodeURIComponent(id)); } catch (err) {
      clear(panel).appendChild(el('p', { className: 'error' }, err.message)); return;
    }
    clear(panel);
    panel.appendChild(el('h2', { className: 'entity-name' }, e.name));
    panel.appendChild(el('p', null, badge(e.label), ' degree ' + e.degree + ' · ' + e.origin,
      ' · ', el('a', { href: '/entity/' + encodeURIComponent(e.id) }, 'page')));
    const dl = el('dl', { className: 'aliases-by-lang' });
    for (const [lang, names] of Object.entries(e.aliases_by_lang)) {
      dl.appendChild(el('dt', null, lang));
      dl.appendChild(el('dd', { lang }, names.join(' · ')));
    }
    panel.appendChild(el('h3', null, 'Aliases'));
    panel.appendChild(dl);
    panel.appendChild(el('h3', null, 'Relations (' + e.relations.length + ')'));
    const ul = el('ul', { className: 'relations' });
    for (const r of e.relations) {
      const other = r.other ? r.other.name : (r.direction === 'out' ? r.target : r.source);
      ul.appendChild(el('li', null, el('button', {
        type: 'button', className: 'link rel-item', dataset: { type: r.type },
        onclick: () => showEdge(r.source, r.type, r.target),
      }, r.verb + ' ', el('strong', null, other)),
      el('small', null, ' ' + r.evidence_count + ' sentence(s) · ' + r.confidence.toFixed(2))));
    }
    panel.appendChild(ul);
  }

  async function showEdge(source, type, target) {
    let e;
    try {
      e = await api('/api/edge?' + new URLSearchParams({ source, type, target }));
    } catch (err) { clear(panel).appendChild(el('p', { className: 'error' }, err.message)); return; }
    clear(panel);
    panel.appendChild(el('h2', { className: 'edge-title' }, e.source_name, ' ', el('span', { className: 'rel-type' }, e.type), ' ', e.target_name));
    panel.appendChild(el('p', null, 'confidence ' + e.confidence.toFixed(2) + ' · ' + e.evidence_count +
      ' sentence(s) · ' + e.languages.join(', ') + (e.role ? ' · role: ' + e.role : '')));
    const ul = el('ul', { className: 'evidence' });
    for (const ev of e.evidence) {
      const meta = e.article_meta[ev.article] || { title: ev.article };
      ul.appendChild(el('li', { className: 'ev' },
        el('blockquote', { lang: ev.lang, className: 'sentence' }, ev.sentence),
        el('div', { className: 'ev-meta' }, (meta.title || ev.article) + (meta.date ? ' · ' + meta.date : '') +
          ' · ' + ev.lang + ' · ' + ev.confidence.toFixed(2) + ' '),
        el('button', { type: 'button', className: 'link show-article', onclick: () => showArticle(ev) }, 'Show in article')));
    }
    panel.appendChild(ul);
    panel.appendChild(el('div', { id: 'article-view' }));
  }

  async function showArticle(ev) {
    const box = $('article-view');
    let a;
    try { a = await api('/api/article/' + encodeURIComponent(ev.article)); } catch (err) {
      clear(box).appendChild(el('p', { className: 'error' }, err.message)); return;
    }
    let start = ev.start; let end = ev.end;
    if (a.text.slice(start, end) !== ev.sentence) { // offsets stale: find the sentence instead
      const at = a.text.indexOf(ev.sentence);
      if (at >= 0) { start = at; end = at + ev.sentence.length; } else { start = end = -1; }
    }
    const text = el('div', { className: 'article-text', lang: a.lang });
    if (start >= 0) {
      text.append(a.text.slice(0, start), el('mark', { id: 'hl' }, a.text.slice(start, end)), a.text.slice(end));
    } else { text.append(a.text); }
    clear(box).append(
      el('h3', { className: 'article-title' }, a.title || a.id),
      el('p', { className: 'meta' }, [a.source, a.date, a.lang].filter(Boolean).join(' · '),
        a.url ? ' · ' : '', a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, 'original') : null,
        ' · ', el('a', { href: '/article/' + encodeURIComponent(a.id) + '?start=' + start + '&end=' + end }, 'full page')),
      text);
    const mark = text.querySelector('mark');
    if (mark) mark.scrollIntoView({ block: 'center' });
  }

  RKG.exportButtons($('export-buttons'), () => view.view(state.main ? 'Neighbourhood of ' + state.main : ''), status)
    .catch((err) => showError(status, err.message));

  const params = new URLSearchParams(location.search);
  if (['1', '2', '3'].includes(params.get('depth'))) $('depth').value = params.get('depth');
  if (params.get('id')) load(params.get('id'));
})();
