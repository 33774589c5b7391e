/* Query gallery: a form per canned query; results as a graph (when the server can build one)
   or as a table. */
'use strict';

(async function () {
  const { api, el, clear, renderTable, showError } = RKG;
  const $ = (id) => document.getElementById(id);
  const onto = await RKG.ontology();
  const cards = $('query-cards');
  const errorBox = $('query-error');
  const status = $('query-status');
  let view = null;
  let last = null;

  function graphView() {
    if (!view) {
      $('qgraph').hidden = false;
      view = new GraphView($('qgraph'), onto, {
        nodeClick: (id) => { location.href = '/entity/' + encodeURIComponent(id); },
      });
    }
    return view;
  }

  function inputFor(p) {
    const id = 'p-' + p.name + '-' + Math.random().toString(36).slice(2, 8);
    const type = String(p.type || 'str').toLowerCase();
    let input;
    if (type === 'bool' || type === 'boolean') {
      input = el('input', { type: 'checkbox', id, name: p.name, checked: Boolean(p.default) });
    } else if (['int', 'integer', 'float', 'number'].includes(type)) {
      input = el('input', { type: 'number', id, name: p.name, step: type.startsWith('int') ? '1' : 'any',
        value: p.default === null || p.default === undefined ? '' : String(p.default) });
    } else {
      const value = Array.isArray(p.default) ? p.default.join(', ') : (p.default === null || p.default === undefined ? '' : String(p.default));
      input = el('input', { type: 'text', id, name: p.name, value });
    }
    input.dataset.ptype = type;
    return el('label', { for: id, className: 'param' }, el('span', { className: 'pname' }, p.name),
      input, p.description ? el('small', null, p.description) : null);
  }

  function readParams(form) {
    const out = {};
    for (const input of form.querySelectorAll('input[name]')) {
      const type = input.dataset.ptype;
      if (input.type === 'checkbox') out[input.name] = input.checked;
      else if (input.value === '') continue;
      else if (type.startsWith('int')) out[input.name] = parseInt(input.value, 10);
      else if (type === 'float' || type === 'number') out[input.name] = parseFloat(input.value);
      else if (type.startsWith('list')) out[input.name] = input.value.split(',').map((s) => s.trim()).filter(Boolean);
      else out[input.name] = input.value;
    }
    return out;
  }

  function show(which) {
    const graph = which === 'graph' && last && last.graph;
    $('qgraph').hidden = !graph;
    $('qtable').hidden = Boolean(graph);
    $('show-graph').classList.toggle('active', Boolean(graph));
    $('show-table').classList.toggle('active', !graph);
    if (graph) view.network.redraw();
  }
  $('show-graph').addEventListener('click', () => show('graph'));
  $('show-table').addEventListener('click', () => show('table'));

  async function run(q, form) {
    showError(errorBox, '');
    status.textContent = 'Running ' + q.title + '…';
    $('result-title').textContent = q.title;
    try {
      const res = await api('/api/queries/' + encodeURIComponent(q.name), { json: { params: readParams(form) } });
      last = res;
      renderTable($('qtable'), res.columns, res.rows);
      status.textContent = res.rows.length + ' row(s)' + (res.truncated ? ' (row limit reached)' : '');
      $('show-table').disabled = false;
      $('show-graph').disabled = !(res.graph && res.graph.nodes && res.graph.nodes.length);
      if (!$('show-graph').disabled) {
        const v = graphView();
        v.centres = new Set();
        show('graph');
        await v.show(res.graph, 'replace');
      } else {
        if (view) view.clear();
        show('table');
      }
    } catch (err) {
      showError(errorBox, err.message);
      status.textContent = '';
    }
  }

  const { available, queries } = await api('/api/queries');
  if (available && !queries.length) cards.appendChild(el('p', null, 'No canned queries.'));
  for (const q of queries) {
    const form = el('form', { className: 'query-form', dataset: { query: q.name } },
      q.params.map(inputFor), el('button', { type: 'submit', className: 'run' }, 'Run'));
    form.addEventListener('submit', (ev) => { ev.preventDefault(); run(q, form); });
    cards.appendChild(el('article', { className: 'query-card', id: 'q-' + q.name },
      el('h3', null, q.title), el('p', { className: 'desc' }, q.description),
      q.example ? el('p', { className: 'example' }, 'e.g. ' + (typeof q.example === 'string' ? q.example : JSON.stringify(q.example))) : null,
      form));
  }

  RKG.exportButtons($('export-buttons'), () => (view && last && last.graph ? view.view(last.name) : null), status)
    .catch((err) => showError(errorBox, err.message));
})();
