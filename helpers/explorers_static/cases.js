/* Explorer "two cases": the log-loss pays -log h when y = 1 and -log(1 - h) when y = 0; a movable
 * prediction h, the cost it pays, and the slope with respect to z, next to the squared error's. */
LGX.kinds.cases = (function () {
  const {svg, fmt, panel, pathD, clear, COLORS} = LGX;
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
    clear(view.plots);
    const c = spec.curves, y = sc.y;
    const other = 1 - y;
    const p = panel(view.plots, {id: `${view.id}-cost`, xlim: [0, 1], ylim: [0, spec.cost_max], xlabel: 'prediction h',
      ylabel: 'cost', title: 'Cost of one example'});
    const line = (xs, ys, color, width, dash, layer) => svg('path', {d: pathD(p, xs, ys), fill: 'none', stroke: color,
      'stroke-width': width, 'stroke-dasharray': dash}, layer || p.layers.back);
    const col = k => (k === 1 ? COLORS.y1 : COLORS.y0);
    line(c.h, c.sq1, col(1), y === 1 ? 2 : 1, '5 3');
    line(c.h, c.sq0, col(0), y === 0 ? 2 : 1, '5 3');
    line(c.h, c['cost' + other], col(other), 1.2);
    line(c.h, c['cost' + y], col(y), 3);
    svg('line', {x1: p.fx(sc.h), x2: p.fx(sc.h), y1: p.m.t, y2: p.H - p.m.b, stroke: COLORS.muted, 'stroke-width': 1}, p.layers.back);
    svg('circle', {cx: p.fx(sc.h), cy: p.fy(sc['cost' + other]), r: 4, fill: '#fff', stroke: col(other), 'stroke-width': 1.5}, p.layers.front);
    svg('circle', {cx: p.fx(sc.h), cy: p.fy(sc['sq' + y]), r: 4, fill: '#fff', stroke: col(y), 'stroke-width': 2}, p.layers.front);
    svg('circle', {cx: p.fx(sc.h), cy: p.fy(Math.min(sc['cost' + y], spec.cost_max)), r: 6, fill: col(y), stroke: '#fff', 'stroke-width': 1.5}, p.layers.front);
    const lg = LGX.legend(p, [[col(1), 'y = 1: −log h'], [col(0), 'y = 0: −log(1 − h)'], [COLORS.muted, 'squared error (dashed)', true]], 'tl');
    lg.setAttribute('transform', `translate(${p.fx(0.18) - p.m.l} 0)`);
    const costName = y === 1 ? '−log h' : '−log(1 − h)';
    p.setLabel(`The cost of one example against the prediction h from 0 to 1. Solid: the log-loss, −log h for y = 1 (falls to 0 at h = 1, ` +
      `grows without bound as h goes to 0) and −log(1 − h) for y = 0 (the mirror image). Dashed: the squared error, which never exceeds 1/2. ` +
      `At h = ${fmt(sc.h, 2)} with y = ${y} the log-loss pays ${costName} = ${fmt(sc['cost' + y], 3)}, the squared error ${fmt(sc['sq' + y], 3)}.`);

    const q = panel(view.plots, {id: `${view.id}-slope`, xlim: [0, 1], ylim: [-1.05, 1.05], xlabel: 'prediction h',
      ylabel: 'slope dℓ/dz', title: `Slope with respect to z, for y = ${y}`});
    svg('path', {d: pathD(q, c.h, c['dlog' + y]), fill: 'none', stroke: col(y), 'stroke-width': 3}, q.layers.back);
    svg('path', {d: pathD(q, c.h, c['dsq' + y]), fill: 'none', stroke: col(y), 'stroke-width': 2, 'stroke-dasharray': '5 3'}, q.layers.back);
    svg('line', {x1: q.fx(sc.h), x2: q.fx(sc.h), y1: q.m.t, y2: q.H - q.m.b, stroke: COLORS.muted, 'stroke-width': 1}, q.layers.back);
    svg('circle', {cx: q.fx(sc.h), cy: q.fy(sc['dlog' + y]), r: 6, fill: col(y), stroke: '#fff', 'stroke-width': 1.5}, q.layers.front);
    svg('circle', {cx: q.fx(sc.h), cy: q.fy(sc['dsq' + y]), r: 4.5, fill: '#fff', stroke: col(y), 'stroke-width': 2}, q.layers.front);
    q.setLabel(`The slope of each cost with respect to the score z, for y = ${y}, against h. Solid: the log-loss's h − y, a straight line ` +
      `that is largest when the prediction is most wrong. Dashed: the squared error's (h − y) h (1 − h), which goes back to 0 when the ` +
      `prediction is confidently wrong. At h = ${fmt(sc.h, 2)}: ${fmt(sc['dlog' + y], 3)} against ${fmt(sc['dsq' + y], 3)}.`);

    view.readout.textContent = `Prediction h = ${fmt(sc.h, 2)}, label y = ${y}: the log-loss pays ${costName} = ${fmt(sc['cost' + y], 3)} ` +
      `(with y = ${other} it would pay ${fmt(sc['cost' + other], 3)}); the squared error pays ${fmt(sc['sq' + y], 3)}. ` +
      `Slope with respect to z: ${fmt(sc['dlog' + y], 3)} for the log-loss, ${fmt(sc['dsq' + y], 3)} for the squared error.`;
  }

  return {scene, draw};
})();
