/* A vis-network canvas fed with node-link JSON. Colours come from /api/ontology.
   Big graphs: no improved layout, straight edges, no edge labels; physics is switched off
   as soon as stabilisation is done so 2,000 nodes stay responsive. */
'use strict';

window.GraphView = (function () {
  const BIG = 300;

  function edgeId(e) { return e.source + '\u241F' + e.type + '\u241F' + e.target; }

  function shade(hex, factor) {
    const m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
    if (!m) return '#555555';
    const n = parseInt(m[1], 16);
    const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => Math.round(c * factor));
    return '#' + ch.map((c) => c.toString(16).padStart(2, '0')).join('');
  }

  class GraphView {
    constructor(container, ontology, handlers) {
      this.container = container;
      this.ontology = ontology;
      this.handlers = handlers || {};
      this.nodes = new vis.DataSet();
      this.edges = new vis.DataSet();
      this.centres = new Set();
      this.lastStable = null;
      this.network = new vis.Network(container, { nodes: this.nodes, edges: this.edges }, this.options(0));
      this.network.on('click', (p) => {
        if (p.nodes.length) this.fire('nodeClick', p.nodes[0]);
        else if (p.edges.length) this.fire('edgeClick', this.edges.get(p.edges[0]));
      });
      this.network.on('doubleClick', (p) => { if (p.nodes.length) this.fire('nodeDoubleClick', p.nodes[0]); });
    }

    fire(name, arg) { if (this.handlers[name]) this.handlers[name](arg); }

    options(count) {
      const big = count > BIG;
      return {
        autoResize: true,
        layout: { improvedLayout: !big, randomSeed: 7 },
        interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
        physics: big ? {
          enabled: true, solver: 'barnesHut', minVelocity: 2, timestep: 0.6, adaptiveTimestep: false,
          barnesHut: { gravitationalConstant: -2500, springLength: 80, springConstant: 0.05, damping: 0.35,
                       avoidOverlap: 0 },
          stabilization: { enabled: true, iterations: 40, updateInterval: 10, fit: true },
        } : {
          enabled: true, solver: 'forceAtlas2Based', minVelocity: 0.75,
          forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
          stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true },
        },
        nodes: { shape: 'dot', font: { size: big ? 10 : 14, color: '#1b1b1b' }, borderWidth: 1 },
        edges: {
          smooth: big ? false : { type: 'continuous' },
          color: { color: '#9aa4ae', highlight: '#d62728', hover: '#444444' },
          font: { size: 10, align: 'middle', color: '#555555', strokeWidth: 2 },
          selectionWidth: 2,
        },
      };
    }

    toVisNode(n) {
      const colour = this.ontology.colour[n.label] || '#7f7f7f';
      const centre = this.centres.has(n.id);
      const aliases = (n.aliases || []).slice(0, 6).join(' · ');
      return {
        id: n.id, label: n.name, name: n.name, kind: n.label, aliases: n.aliases || [],
        title: n.name + ' (' + n.label + ')' + (aliases ? '\n' + aliases : ''),
        size: 9 + Math.min(18, Math.sqrt(n.degree || 0) * 3),
        borderWidth: centre ? 4 : 1,
        color: { background: colour, border: shade(colour, 0.6),
                 highlight: { background: colour, border: '#000000' },
                 hover: { background: colour, border: '#000000' } },
      };
    }

    toVisEdge(e, labelled) {
      const count = e.evidence_count !== undefined ? e.evidence_count : (e.evidence || []).length;
      const rel = this.ontology.relation[e.type] || {};
      return {
        id: edgeId(e), from: e.source, to: e.target, source: e.source, target: e.target, type: e.type,
        evidence_count: count, confidence: e.confidence, languages: e.languages || [],
        articles: e.articles || [],
        arrows: rel.symmetric ? '' : 'to',
        width: 1 + Math.min(8, Math.log2(1 + count) * 1.6),
        label: labelled ? e.type : undefined,
        dashes: e.confidence < 0.5,
        title: e.type + ' · ' + count + ' sentence(s) · confidence ' + Number(e.confidence).toFixed(2),
      };
    }

    /* Show `data` (node-link). mode 'replace' drops what is not in data; 'merge' adds to the view. */
    show(data, mode) {
      const t0 = performance.now();
      const replace = mode !== 'merge';
      const count = (replace ? 0 : this.nodes.length) + data.nodes.length;
      const labelled = count <= 150;
      const vnodes = data.nodes.map((n) => this.toVisNode(n));
      const vedges = data.edges.map((e) => this.toVisEdge(e, labelled));
      this.network.setOptions(this.options(count));
      if (replace) {
        const keepN = new Set(vnodes.map((n) => n.id));
        const keepE = new Set(vedges.map((e) => e.id));
        this.nodes.remove(this.nodes.getIds().filter((id) => !keepN.has(id)));
        this.edges.remove(this.edges.getIds().filter((id) => !keepE.has(id)));
      }
      if (count > BIG) this.seedRadial(vnodes, vedges);
      this.nodes.update(vnodes);
      this.edges.update(vedges);
      return this.settle(t0);
    }

    /* Big graphs: start new nodes on rings around the centres (breadth-first, children near their
       parent's angle) so a few physics iterations are enough. Placed nodes keep their place. */
    seedRadial(vnodes, vedges) {
      const placed = this.network.getPositions(this.nodes.getIds());
      const adj = new Map();
      for (const e of vedges) {
        if (!adj.has(e.from)) adj.set(e.from, []);
        if (!adj.has(e.to)) adj.set(e.to, []);
        adj.get(e.from).push(e.to); adj.get(e.to).push(e.from);
      }
      const pos = new Map(Object.entries(placed));
      const angle = new Map();
      let queue = [...this.centres].filter((id) => adj.has(id));
      if (!queue.length && vnodes.length) queue = [vnodes[0].id];
      queue.forEach((id, i) => {
        if (!pos.has(id)) pos.set(id, { x: i * 400, y: 0 });
        angle.set(id, [0, 2 * Math.PI]);
      });
      let ring = 1;
      while (queue.length) {
        const next = [];
        for (const id of queue) {
          const kids = (adj.get(id) || []).filter((k) => !pos.has(k));
          const [lo, hi] = angle.get(id) || [0, 2 * Math.PI];
          const step = (hi - lo) / Math.max(1, kids.length);
          const origin = pos.get(id);
          kids.forEach((k, i) => {
            const a = lo + step * (i + 0.5);
            const r = ring === 1 ? 260 : 90 + 6 * kids.length;
            pos.set(k, { x: origin.x + r * Math.cos(a), y: origin.y + r * Math.sin(a) });
            angle.set(k, [a - step / 2, a + step / 2]);
            next.push(k);
          });
        }
        queue = next;
        ring += 1;
      }
      for (const n of vnodes) {
        const p = pos.get(n.id);
        if (p) { n.x = p.x; n.y = p.y; }
      }
    }

    /* Run physics until stable, then switch it off; resolves with the time it took. */
    settle(t0) {
      return new Promise((resolve) => {
        const done = () => {
          this.network.setOptions({ physics: false });
          this.lastStable = { nodes: this.nodes.length, edges: this.edges.length, ms: performance.now() - t0 };
          this.container.dataset.stable = String(Date.now());
          this.fire('stable', this.lastStable);
          resolve(this.lastStable);
        };
        this.network.once('stabilizationIterationsDone', done);
        this.network.setOptions({ physics: { enabled: true } });
        this.network.stabilize();
      });
    }

    clear() { this.nodes.clear(); this.edges.clear(); this.centres.clear(); }

    /* The current view for export: node ids and edge keys. */
    view(title) {
      return {
        title: title || 'retailkg view',
        nodes: this.nodes.getIds(),
        edges: this.edges.get().map((e) => ({ source: e.source, type: e.type, target: e.target })),
      };
    }

    /* DOM position of a node (for tests and tooling). */
    domPosition(id) {
      const pos = this.network.getPositions([id])[id];
      return pos ? this.network.canvasToDOM(pos) : null;
    }

    renderLegend(container) {
      RKG.clear(container);
      for (const l of this.ontology.labels) {
        const swatch = RKG.el('span', { className: 'swatch' });
        swatch.style.backgroundColor = l.colour;
        container.appendChild(RKG.el('span', { className: 'legend-item', dataset: { label: l.name } }, swatch, l.display));
      }
    }
  }

  GraphView.edgeId = edgeId;
  return GraphView;
})();
