/* Cypher console: read-only, with the server's timeout and row limit. */
'use strict';

(function () {
  const { api, renderTable, showError, clear } = RKG;
  const $ = (id) => document.getElementById(id);
  const form = $('cypher-form');
  const input = $('cypher-input');

  async function run(ev) {
    if (ev) ev.preventDefault();
    showError($('cypher-error'), '');
    clear($('cypher-result'));
    $('cypher-status').textContent = 'Running…';
    try {
      const res = await api('/api/cypher', { json: { query: input.value } });
      renderTable($('cypher-result'), res.columns, res.rows);
      $('cypher-status').textContent = res.rows.length + ' row(s) in ' + res.ms + ' ms' +
        (res.truncated ? ' — row limit ' + res.row_limit + ' reached' : '');
    } catch (err) {
      $('cypher-status').textContent = '';
      showError($('cypher-error'), err.message);
    }
  }

  form.addEventListener('submit', run);
  input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) run(ev); });
})();
