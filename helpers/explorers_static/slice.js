/* Explorer "one weight": the squared error of a sigmoid and the log-loss as functions of w (b fixed),
 * side by side, with the current point, its tangent, and the data with the fitted sigmoid. */
LGX.kinds.slice = (function () {
  const {svg, fmt, panel, pathD, clear, COLORS, lossAndGradient, MINUS} = LGX;

  function sigmoid(z) { const e = Math.exp(-Math.abs(z)); return (z >= 0 ? 1 : e) / (1 + e); }

  function scene(spec, st) {
    const d = spec.datasets[st.dataset];
    const curve = {mse: [], log: []};
    spec.w_grid.forEach(w => {
      curve.mse.push(lossAndGradient('mse', [st.b, w], d.x, d.y)[0]);
      curve.log.push(lossAndGradient('log', [st.b, w], d.x, d.y)[0]);
    });
    const [jm, gm] = lossAndGradient('mse', [st.b, st.w], d.x, d.y);
    const [jl, gl] = lossAndGradient('log', [st.b, st.w], d.x, d.y);
    return {dataset: st.dataset, w: st.w, b: st.b, curve,
      point: {mse: jm, log: jl, dmse: gm[1], dlog: gl[1], dmse_b: gm[0], dlog_b: gl[0]},
      sigmoid: {h: d.x_grid.map(x => sigmoid(st.b + st.w * x))}};
  }

  function slopeWords(g, flat) {
    return Math.abs(g) < flat ? 'almost flat' : g < 0 ? 'falling: gradient descent moves w right' : 'rising: gradient descent moves w left';
  }

  function lossPanel(view, spec, sc, key) {
    const d = spec.datasets[sc.dataset];
    const name = key === 'mse' ? 'squared error' : 'log-loss';
    const J = sc.point[key], g = sc.point['d' + key];
    const flat = Math.abs(g) < spec.flat;
    const p = panel(view.plots, {id: `${view.id}-${key}`, xlim: spec.w_range, ylim: [0, d.ymax[key]],
      xlabel: 'weight w', ylabel: key === 'mse' ? 'J_sq(w)' : 'J(w), log-loss',
      title: key === 'mse' ? 'Squared error of the sigmoid' : 'Log-loss',
      footer: `slope dJ/dw = ${fmt(g, 4)}${flat ? ' (flat)' : ''}`});
    if (flat) { p.footer.setAttribute('fill', COLORS.mse); p.footer.setAttribute('font-weight', 'bold'); }
    const color = COLORS[key];
    svg('path', {d: pathD(p, spec.w_grid, sc.curve[key]), fill: 'none', stroke: color, 'stroke-width': 2}, p.layers.back);
    const half = (spec.w_range[1] - spec.w_range[0]) * 0.16;
    svg('path', {d: pathD(p, [sc.w - half, sc.w + half], [J - g * half, J + g * half]), stroke: COLORS.ink,
      'stroke-width': 1.5, 'stroke-dasharray': '5 3', fill: 'none', class: 'lgx-tangent'}, p.layers.front);
    svg('circle', {cx: p.fx(sc.w), cy: p.fy(J), r: 5, fill: color, stroke: '#fff', 'stroke-width': 1.5}, p.layers.front);
    p.setLabel(`${name} against the weight w, at b = ${fmt(sc.b, 2)}: a curve over w from ${fmt(spec.w_range[0], 0)} to ` +
      `${fmt(spec.w_range[1], 0)}. At w = ${fmt(sc.w, 2)} the loss is ${fmt(J, 3)} and the tangent's slope, ` +
      `the derivative dJ/dw, is ${fmt(g, 4)}: ${slopeWords(g, spec.flat)}.`);
    return p;
  }

  function draw(view, spec, sc) {
    clear(view.plots);
    const d = spec.datasets[sc.dataset];
    lossPanel(view, spec, sc, 'mse');
    lossPanel(view, spec, sc, 'log');
    const p = panel(view.plots, {id: `${view.id}-data`, w: 610, h: 160, xlim: d.x_range, ylim: [-0.1, 1.1],
      xlabel: 'feature x', ylabel: 'h = σ(b + w x)', title: ''});
    p.root.classList.add('lgx-wide');
    svg('path', {d: pathD(p, d.x_grid, sc.sigmoid.h), fill: 'none', stroke: COLORS.ink, 'stroke-width': 2}, p.layers.back);
    d.x.forEach((x, i) => svg('circle', {cx: p.fx(x), cy: p.fy(d.y[i]), r: 4.5,
      fill: d.y[i] === 1 ? COLORS.y1 : '#fff', stroke: d.y[i] === 1 ? COLORS.y1 : COLORS.y0, 'stroke-width': 1.8}, p.layers.front));
    const n1 = d.y.filter(v => v === 1).length;
    p.setLabel(`The data, ${d.x.length} examples (${n1} with y = 1 as filled dots at height 1, ${d.x.length - n1} with y = 0 ` +
      `as open dots at height 0), and the prediction h = sigmoid(b + w x) for w = ${fmt(sc.w, 2)}, b = ${fmt(sc.b, 2)}.`);
    const gm = sc.point.dmse, gl = sc.point.dlog;
    view.readout.textContent = `At w = ${fmt(sc.w, 2)}, b = ${fmt(sc.b, 2)}: the squared error is ${fmt(sc.point.mse, 3)} ` +
      `with slope ${fmt(gm, 4)} (${slopeWords(gm, spec.flat)}); the log-loss is ${fmt(sc.point.log, 3)} ` +
      `with slope ${fmt(gl, 4)} (${slopeWords(gl, spec.flat)}).` +
      (Math.abs(gm) < spec.flat && Math.abs(gl) >= spec.flat
        ? ' Here the squared error gives gradient descent almost nothing to go on; the log-loss still points the way.' : '');
  }

  return {scene, draw};
})();
