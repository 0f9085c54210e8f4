/* Explorer "loss surface": contours of the squared error and of the log-loss over (w, b), a movable
 * starting point (sliders, or a click on either map) and the gradient-descent path from it on each.
 * Words: spec.text (helpers/explorers/surface.py TEXT). The paths from any start are computed here with
 * core.js's mirror of gradient descent, and where each ends with `ending`, the twin of
 * helpers.explorers.surface.ending, in the words of `words`, the twin of verdict_words (the browser test
 * compares all three with Python). */
LGX.kinds.surface = (function () {
  const {svg, fill, panel, pathD, clear, gradientDescent} = LGX;

  /* the nearest node of linspace(lo, hi, num) to v, or null off the grid (helpers.explorers._basins.grid_index) */
  function gridIndex(v, lo, hi, num) {
    const t = (v - lo) / (hi - lo) * (num - 1);
    if (!isFinite(t)) return null;
    const k = Math.floor(t + 0.5);
    return k >= 0 && k < num ? k : null;
  }

  /* the minimum whose basin holds theta with this loss (its index), or null: helpers.explorers.surface.basin_of */
  function basinOf(spec, d, key, theta, loss) {
    const i = gridIndex(theta[0], d.b_range[0], d.b_range[1], spec.grid);
    const j = gridIndex(theta[1], d.w_range[0], d.w_range[1], spec.grid);
    const minima = d.minima[key];
    for (let k = 0; k < minima.length; k++) {
      const basin = minima[k].basin;
      if (basin === null) continue;
      if (basin.level === null) return k;
      if (i === null || j === null || !(loss < basin.level)) continue;
      const runs = basin.rows[i];
      for (let r = 0; r < runs.length; r += 2) if (runs[r] <= j && j < runs[r + 1]) return k;
    }
    return null;
  }

  /* where a run ends, by the rule of helpers.explorers.surface.ending (its docstring says why) */
  function ending(spec, d, key, run) {
    const end = run.path[run.path.length - 1];
    const minima = d.minima[key];
    const near = minima.findIndex(mn => Math.hypot(end[0] - mn.theta[0], end[1] - mn.theta[1]) < d.near);
    if (near >= 0) return {ends: minima[near].global ? 'minimum' : 'local_minimum', target: near};
    if (run.path.length === 1) return {ends: 'not_started', target: null};
    if (key === 'log' && d.separable) return {ends: 'no_minimum', target: null};
    const k = basinOf(spec, d, key, end, run.loss);
    if (k !== null) return {ends: minima[k].global ? 'heading_minimum' : 'heading_local_minimum', target: k};
    const level = d.plateau_level[key];
    if (run.gnorm < spec.flat && level !== null && run.loss >= level) return {ends: 'plateau', target: null};
    return {ends: 'on_its_way', target: null};
  }

  function scene(spec, st) {
    const d = spec.datasets[st.dataset];
    const out = {dataset: st.dataset, start: [st.b0, st.w0], steps: st.steps};
    ['mse', 'log'].forEach(key => {
      const r = gradientDescent(key, [st.b0, st.w0], d.learning_rate[key], st.steps, d.x, d.y, spec.tol);
      out[key] = {path: r.path, loss0: r.losses[0], loss: r.losses[r.losses.length - 1],
        gnorm: r.gradient_norms[r.gradient_norms.length - 1], n_iter: r.n_iter, converged: r.converged};
      Object.assign(out[key], ending(spec, d, key, out[key]));
    });
    return out;
  }

  /* the verdict in words (helpers.explorers.surface.verdict_words) */
  function words(spec, d, key, run) {
    const minima = d.minima[key], t = run.target, end = run.path[run.path.length - 1];
    return fill(spec.text.verdicts[run.ends], {loss: run.loss, gnorm: run.gnorm, best: minima.length ? minima[0].loss : null,
      dist: t === null ? null : Math.hypot(end[0] - minima[t].theta[0], end[1] - minima[t].theta[1]),
      min_loss: t === null ? null : minima[t].loss});
  }

  function mapPanel(view, spec, sc, key) {
    const T = spec.text, C = spec.style.colors;
    const d = spec.datasets[sc.dataset];
    const cacheKey = `${sc.dataset}-${key}`;
    const p = panel(view.plots, {id: `${view.id}-${key}`, xlim: d.w_range, ylim: d.b_range, xlabel: T.xlabel,
      ylabel: T.ylabel, title: T.title[key]});
    // the contours never change for a data set: build their path data once
    if (!view.cache[cacheKey]) {
      view.cache[cacheKey] = d.contours[key].map(c => ({color: c.color, d: c.lines.map(l => pathD(p, l[0], l[1])).join('')}));
    }
    view.cache[cacheKey].forEach(c => svg('path', {d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 1}, p.layers.back));
    // in the loss's colour, as in the chapter's figures: filled (black edge) for the lowest, open for a local minimum
    d.minima[key].forEach(mn => svg('path', {d: star(p.fx(mn.theta[1]), p.fy(mn.theta[0]), mn.global ? 9 : 8),
      fill: mn.global ? C[key] : C.paper, stroke: mn.global ? C.ink : C[key], 'stroke-width': mn.global ? 1 : 1.8,
      class: 'lgx-star'}, p.layers.back));
    const run = sc[key];
    const ws = run.path.map(t => t[1]), bs = run.path.map(t => t[0]);
    svg('path', {d: pathD(p, ws, bs), fill: 'none', stroke: C.gd, 'stroke-width': 2.2, class: 'lgx-path'}, p.layers.front);
    svg('circle', {cx: p.fx(sc.start[1]), cy: p.fy(sc.start[0]), r: 5.5, fill: C.paper, stroke: C.gd, 'stroke-width': 2.2}, p.layers.front);
    const end = run.path[run.path.length - 1];
    svg('circle', {cx: p.fx(end[1]), cy: p.fy(end[0]), r: 4, fill: C.gd}, p.layers.front);
    const said = words(spec, d, key, run);
    p.setLabel(fill(T.panel, {name: T.name[key], open_star: d.minima[key].length > 1 ? T.open_star : '', start: sc.start,
      n_iter: run.n_iter, end, words: said}));
    p.root.addEventListener('click', ev => {
      const pt = p.root.createSVGPoint();
      pt.x = ev.clientX; pt.y = ev.clientY;
      const q = pt.matrixTransform(p.root.getScreenCTM().inverse());
      const snap = v => Math.round(v / spec.start_step) * spec.start_step;
      const w = snap(p.ix(q.x)), b = snap(p.iy(q.y));
      if (w >= d.w_range[0] && w <= d.w_range[1] && b >= d.b_range[0] && b <= d.b_range[1]) view.set({w0: +w.toFixed(6), b0: +b.toFixed(6)});
    });
    p.root.classList.add('lgx-clickable');
    return said;
  }

  function star(cx, cy, r) {
    let d = '';
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? r * 0.45 : r;
      d += (i ? 'L' : 'M') + (cx + rr * Math.cos(a)).toFixed(1) + ' ' + (cy + rr * Math.sin(a)).toFixed(1);
    }
    return d + 'Z';
  }

  function draw(view, spec, sc) {
    clear(view.plots);
    const wordsMse = mapPanel(view, spec, sc, 'mse');
    const wordsLog = mapPanel(view, spec, sc, 'log');
    const d = spec.datasets[sc.dataset];
    view.readout.textContent = fill(spec.text.readout, {start: sc.start, steps: sc.steps, rate_mse: d.learning_rate.mse,
      rate_log: d.learning_rate.log, mse: sc.mse, log: sc.log, words_mse: wordsMse, words_log: wordsLog});
  }

  return {scene, draw, ending};
})();
