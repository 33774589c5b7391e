/* Shared helpers. Everything that shows data builds DOM nodes with textContent:
   nothing from the server is ever assigned to innerHTML. */
'use strict';

window.RKG = (function () {
  class ApiError extends Error {
    constructor(message, status, body) { super(message); this.status = status; this.body = body; }
  }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    if (opts.json !== undefined) {
      opts.method = opts.method || 'POST';
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(opts.json);
      delete opts.json;
    }
    const resp = await fetch(path, opts);
    let body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (!resp.ok) {
      throw new ApiError((body && body.error) || ('HTTP ' + resp.status), resp.status, body);
    }
    return body;
  }

  /* el('li', {className: 'x', dataset: {id: 1}, onclick: fn}, 'text', childNode, ...) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'className') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (key === 'style' && typeof value === 'object') Object.assign(node.style, value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  let ontologyPromise = null;
  function ontology() {
    if (!ontologyPromise) {
      ontologyPromise = api('/api/ontology').then((o) => {
        o.colour = {};
        for (const l of o.labels) o.colour[l.name] = l.colour;
        o.relation = {};
        for (const r of o.relations) o.relation[r.name] = r;
        return o;
      });
    }
    return ontologyPromise;
  }

  function debounce(fn, ms) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), ms);
    };
  }

  function cellText(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  function renderTable(container, columns, rows) {
    clear(container);
    const head = el('tr', null, columns.map((c) => el('th', null, c)));
    const body = rows.map((row) => el('tr', null, row.map((v) => el('td', null, cellText(v)))));
    container.appendChild(el('table', { className: 'data' }, el('thead', null, head), el('tbody', null, body)));
  }

  function showError(node, message) {
    if (!node) return;
    node.textContent = message || '';
    node.hidden = !message;
  }

  async function download(path, payload, fallbackName) {
    const resp = await fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload),
    });
    if (!resp.ok) {
      let msg = 'HTTP ' + resp.status;
      try { msg = (await resp.json()).error || msg; } catch (e) { /* not JSON */ }
      throw new ApiError(msg, resp.status, null);
    }
    const disposition = resp.headers.get('Content-Disposition') || '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const name = match ? decodeURIComponent(match[1]) : fallbackName;
    const url = URL.createObjectURL(await resp.blob());
    const a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    return name;
  }

  /* One button per export format the server offers; getView() returns {nodes, edges, title}. */
  async function exportButtons(container, getView, statusNode) {
    const { formats } = await api('/api/export/formats');
    clear(container);
    for (const fmt of formats) {
      container.appendChild(el('button', {
        type: 'button', className: 'export', dataset: { format: fmt },
        onclick: async () => {
          const view = getView();
          if (!view || !view.nodes.length) { showError(statusNode, 'Nothing to export yet.'); return; }
          try {
            const name = await download('/api/export', Object.assign({ format: fmt }, view), 'retailkg-view.' + fmt);
            if (statusNode) { statusNode.hidden = false; statusNode.textContent = 'Exported ' + name; }
          } catch (err) { showError(statusNode, 'Export failed: ' + err.message); }
        },
      }, fmt.toUpperCase()));
    }
  }

  return { api, ApiError, el, clear, ontology, debounce, renderTable, showError, download, exportButtons };
})();
