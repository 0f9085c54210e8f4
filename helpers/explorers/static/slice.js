/* Explorer "one weight": the squared error of a sigmoid and the log-loss as functions of w (b fixed),
 * side by side, with the current point, its tangent, and the data with the fitted sigmoid.
 * Words: spec.text (helpers/explorers/one_weight.py TEXT). The curves for any b are computed here with
 * core.js's mirror of the losses (the browser test compares them with helpers). */
LGX.kinds.slice = (function () {
  const {svg, fill, panel, pathD, clear, lossAndGradient} = LGX;

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
    const out = {dataset: st.dataset, w: st.w, b: st.b, curve,
      point: {mse: jm, log: jl, dmse: gm[1], dlog: gl[1], dmse_b: gm[0], dlog_b: gl[0]},
      sigmoid: {h: d.x_grid.map(x => sigmoid(st.b + st.w * x))}};
    out.hint = hint(spec, d, out);
    return out;
  }

  /* what the readout adds: 'fitted', 'plateau' or null, by the rule of helpers.explorers.one_weight.hint */
  function hint(spec, d, sc) {
    const p = sc.point;
    const right = d.x.every((x, i) => (sc.b + sc.w * x > 0) === (d.y[i] === 1));
    if (right && p.log < spec.near_zero) return 'fitted';
    const lo = Math.min(...sc.curve.mse), hi = Math.max(...sc.curve.mse);
    if (Math.abs(p.dmse) < spec.flat && spec.flat <= Math.abs(p.dlog) && p.mse - lo >= spec.plateau_fraction * (hi - lo)) return 'plateau';
    return null;
  }

  function slopeWords(spec, g) {
    const words = spec.text.slope_words;
    return Math.abs(g) < spec.flat ? words.flat : g < 0 ? words.falling : words.rising;
  }

  function lossPanel(view, spec, sc, key) {
    const T = spec.text, C = spec.style.colors;
    const d = spec.datasets[sc.dataset];
    const J = sc.point[key], g = sc.point['d' + key];
    const flat = Math.abs(g) < spec.flat;
    const p = panel(view.plots, {id: `${view.id}-${key}`, xlim: spec.w_range, ylim: [0, d.ymax[key]],
      xlabel: T.xlabel, ylabel: T.ylabel[key], title: T.title[key], footer: fill(T.slope, {g}) + (flat ? T.flat : '')});
    if (flat) { p.footer.setAttribute('fill', C.mse); p.footer.setAttribute('font-weight', 'bold'); }
    svg('path', {d: pathD(p, spec.w_grid, sc.curve[key]), fill: 'none', stroke: C[key], 'stroke-width': 2}, p.layers.back);
    const half = spec.tangent_half;
    svg('path', {d: pathD(p, [sc.w - half, sc.w + half], [J - g * half, J + g * half]), stroke: C.ink,
      'stroke-width': 1.5, 'stroke-dasharray': '5 3', fill: 'none', class: 'lgx-tangent'}, p.layers.front);
    svg('circle', {cx: p.fx(sc.w), cy: p.fy(J), r: 5, fill: C[key], stroke: C.paper, 'stroke-width': 1.5}, p.layers.front);
    p.setLabel(fill(T.panel, {name: T.name[key], b: sc.b, w: sc.w, w_lo: spec.w_range[0], w_hi: spec.w_range[1],
      J, g, words: slopeWords(spec, g)}));
    return p;
  }

  function draw(view, spec, sc) {
    const T = spec.text, C = spec.style.colors;
    clear(view.plots);
    const d = spec.datasets[sc.dataset];
    lossPanel(view, spec, sc, 'mse');
    lossPanel(view, spec, sc, 'log');
    // as wide as the figure (a narrow viewBox on a phone, so that its text is not shrunk to a few pixels)
    const wide = Math.max(300, Math.min(610, view.plots.clientWidth || 610));
    const p = panel(view.plots, {id: `${view.id}-data`, w: wide, h: 160, xlim: d.x_range, ylim: [-0.1, 1.1],
      xlabel: T.data_xlabel, ylabel: T.data_ylabel, title: ''});
    p.root.classList.add('lgx-wide');
    svg('path', {d: pathD(p, d.x_grid, sc.sigmoid.h), fill: 'none', stroke: C.ink, 'stroke-width': 2}, p.layers.back);
    d.x.forEach((x, i) => svg('circle', {cx: p.fx(x), cy: p.fy(d.y[i]), r: 4.5,
      fill: d.y[i] === 1 ? C.y1 : C.paper, stroke: d.y[i] === 1 ? C.y1 : C.y0, 'stroke-width': 1.8}, p.layers.front));
    const m1 = d.y.filter(v => v === 1).length;
    p.setLabel(fill(T.data_panel, {m: d.x.length, m1, m0: d.x.length - m1, w: sc.w, b: sc.b}));
    const gm = sc.point.dmse, gl = sc.point.dlog;
    view.readout.textContent = fill(T.readout, {w: sc.w, b: sc.b, mse: sc.point.mse, dmse: gm, log: sc.point.log, dlog: gl,
      words_mse: slopeWords(spec, gm), words_log: slopeWords(spec, gl)}) + (sc.hint === null ? '' : T.hints[sc.hint]);
  }

  return {scene, draw};
})();
