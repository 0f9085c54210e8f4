/* Explorer "two cases": the log-loss pays -log h when y = 1 and -log(1 - h) when y = 0; a movable
 * prediction h, the cost it pays, and the slope with respect to z, next to the squared error's.
 * Words: spec.text (helpers/explorers/cases.py TEXT). */
LGX.kinds.cases = (function () {
  const {svg, fill, panel, pathD, clear} = LGX;
  const FIELDS = ['cost1', 'cost0', 'sq1', 'sq0', 'dlog1', 'dlog0', 'dsq1', 'dsq0'];

  /* every number comes from the table Python computed with helpers.log_loss, mse_loss and their gradients */
  function scene(spec, st) {
    const t = spec.table;
    const i = Math.max(0, Math.min(t.h.length - 1, Math.round((st.h - t.h[0]) / spec.h_step)));
    const out = {h: t.h[i], y: st.y};
    FIELDS.forEach(f => { out[f] = t[f][i]; });
    return out;
  }

  function draw(view, spec, sc) {
    const T = spec.text, C = spec.style.colors;
    clear(view.plots);
    const c = spec.curves, y = sc.y;
    const other = 1 - y;
    const values = {h: sc.h, y, other, cost_name: T.cost_name[y], cost: sc['cost' + y], cost_other: sc['cost' + other],
      sq: sc['sq' + y], dlog: sc['dlog' + y], dsq: sc['dsq' + y]};
    const p = panel(view.plots, {id: `${view.id}-cost`, xlim: [0, 1], ylim: [0, spec.cost_max], xlabel: T.xlabel,
      ylabel: T.cost_ylabel, title: T.cost_title});
    const line = (xs, ys, color, width, dash, layer) => svg('path', {d: pathD(p, xs, ys), fill: 'none', stroke: color,
      'stroke-width': width, 'stroke-dasharray': dash}, layer || p.layers.back);
    const col = k => (k === 1 ? C.y1 : C.y0);
    line(c.h, c.sq1, col(1), y === 1 ? 2 : 1, '5 3');
    line(c.h, c.sq0, col(0), y === 0 ? 2 : 1, '5 3');
    line(c.h, c['cost' + other], col(other), 1.2);
    line(c.h, c['cost' + y], col(y), 3);
    svg('line', {x1: p.fx(sc.h), x2: p.fx(sc.h), y1: p.m.t, y2: p.H - p.m.b, stroke: C.muted, 'stroke-width': 1}, p.layers.back);
    svg('circle', {cx: p.fx(sc.h), cy: p.fy(sc['cost' + other]), r: 4, fill: C.paper, stroke: col(other), 'stroke-width': 1.5}, p.layers.front);
    svg('circle', {cx: p.fx(sc.h), cy: p.fy(sc['sq' + y]), r: 4, fill: C.paper, stroke: col(y), 'stroke-width': 2}, p.layers.front);
    svg('circle', {cx: p.fx(sc.h), cy: p.fy(Math.min(sc['cost' + y], spec.cost_max)), r: 6, fill: col(y), stroke: C.paper, 'stroke-width': 1.5}, p.layers.front);
    const lg = LGX.legend(p, [[col(1), T.cost_legend[1]], [col(0), T.cost_legend[0]], [C.muted, T.cost_legend[2], true]], 'tl');
    lg.setAttribute('transform', `translate(${p.fx(0.18) - p.m.l} 0)`);
    p.setLabel(fill(T.cost_panel, values));

    const q = panel(view.plots, {id: `${view.id}-slope`, xlim: [0, 1], ylim: [-1.05, 1.05], xlabel: T.xlabel,
      ylabel: T.slope_ylabel, title: fill(T.slope_title, values)});
    svg('path', {d: pathD(q, c.h, c['dlog' + y]), fill: 'none', stroke: col(y), 'stroke-width': 3}, q.layers.back);
    svg('path', {d: pathD(q, c.h, c['dsq' + y]), fill: 'none', stroke: col(y), 'stroke-width': 2, 'stroke-dasharray': '5 3'}, q.layers.back);
    svg('line', {x1: q.fx(sc.h), x2: q.fx(sc.h), y1: q.m.t, y2: q.H - q.m.b, stroke: C.muted, 'stroke-width': 1}, q.layers.back);
    svg('circle', {cx: q.fx(sc.h), cy: q.fy(sc['dlog' + y]), r: 6, fill: col(y), stroke: C.paper, 'stroke-width': 1.5}, q.layers.front);
    svg('circle', {cx: q.fx(sc.h), cy: q.fy(sc['dsq' + y]), r: 4.5, fill: C.paper, stroke: col(y), 'stroke-width': 2}, q.layers.front);
    q.setLabel(fill(T.slope_panel, values));

    view.readout.textContent = fill(T.readout, values);
  }

  return {scene, draw};
})();
