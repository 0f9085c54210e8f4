/* Explorer "loss surface": contours of the squared error and of the log-loss over (w, b), a movable
 * starting point (sliders, or a click on either map) and the gradient-descent path from it on each. */
LGX.kinds.surface = (function () {
  const {svg, fmt, panel, pathD, clear, COLORS, gradientDescent} = LGX;

  function scene(spec, st) {
    const d = spec.datasets[st.dataset];
    const out = {dataset: st.dataset, start: [st.b0, st.w0], steps: st.steps};
    ['mse', 'log'].forEach(key => {
      const r = gradientDescent(key, [st.b0, st.w0], d.learning_rate[key], st.steps, d.x, d.y, spec.tol);
      out[key] = {path: r.path, loss0: r.losses[0], loss: r.losses[r.losses.length - 1],
        gnorm: r.gradient_norms[r.gradient_norms.length - 1], n_iter: r.n_iter, converged: r.converged};
    });
    return out;
  }

  /* where a run ended, in words: at a minimum the figure knows, stalled on a plateau, or still going */
  function verdict(spec, d, key, run) {
    const end = run.path[run.path.length - 1];
    const span = Math.max(d.w_range[1] - d.w_range[0], d.b_range[1] - d.b_range[0]);
    const near = d.minima[key].find(mn => Math.hypot(end[0] - mn.theta[0], end[1] - mn.theta[1]) < 0.02 * span);
    if (near) return near.global ? 'reached the minimum' : `stuck in a local minimum (loss ${fmt(near.loss, 3)}, the best is ${fmt(d.minima[key].find(q => q.global).loss, 3)})`;
    if (key === 'log' && d.separable) return 'still descending: no minimum exists (the classes are separable)';
    if (run.gnorm < spec.flat) return `stalled on a plateau: the gradient is only ${fmt(run.gnorm, 4)}`;
    return 'still on its way';
  }

  function mapPanel(view, spec, sc, key) {
    const d = spec.datasets[sc.dataset];
    const name = key === 'mse' ? 'squared error' : 'log-loss';
    const cacheKey = `${sc.dataset}-${key}`;
    const p = panel(view.plots, {id: `${view.id}-${key}`, xlim: d.w_range, ylim: d.b_range, xlabel: 'weight w',
      ylabel: 'bias b', title: key === 'mse' ? 'Squared error of the sigmoid' : 'Log-loss'});
    // the contours never change for a data set: build their path data once
    if (!view.cache[cacheKey]) {
      view.cache[cacheKey] = d.contours[key].map(c => ({color: c.color, d: c.lines.map(l => pathD(p, l[0], l[1])).join('')}));
    }
    view.cache[cacheKey].forEach(c => svg('path', {d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 1}, p.layers.back));
    d.minima[key].forEach(mn => svg('path', {d: star(p.fx(mn.theta[1]), p.fy(mn.theta[0]), mn.global ? 8 : 6),
      fill: mn.global ? COLORS.ink : '#fff', stroke: COLORS.ink, 'stroke-width': 1.2}, p.layers.back));
    const run = sc[key];
    const ws = run.path.map(t => t[1]), bs = run.path.map(t => t[0]);
    svg('path', {d: pathD(p, ws, bs), fill: 'none', stroke: COLORS.gd, 'stroke-width': 2.2, class: 'lgx-path'}, p.layers.front);
    svg('circle', {cx: p.fx(sc.start[1]), cy: p.fy(sc.start[0]), r: 5.5, fill: '#fff', stroke: COLORS.gd, 'stroke-width': 2.2}, p.layers.front);
    const end = run.path[run.path.length - 1];
    svg('circle', {cx: p.fx(end[1]), cy: p.fy(end[0]), r: 4, fill: COLORS.gd}, p.layers.front);
    const words = verdict(spec, d, key, run);
    p.setLabel(`Contour map of the ${name} over the weight w (across) and the bias b (up); filled star: its minimum` +
      (d.minima[key].length > 1 ? ', open star: a local minimum' : '') + `. Gradient descent from (b, w) = (${fmt(sc.start[0], 2)}, ` +
      `${fmt(sc.start[1], 2)}) for ${run.n_iter} steps ends at (${fmt(end[0], 2)}, ${fmt(end[1], 2)}): ${words}.`);
    p.root.addEventListener('click', ev => {
      const pt = p.root.createSVGPoint();
      pt.x = ev.clientX; pt.y = ev.clientY;
      const q = pt.matrixTransform(p.root.getScreenCTM().inverse());
      const snap = v => Math.round(v / spec.start_step) * spec.start_step;
      const w = snap(p.ix(q.x)), b = snap(p.iy(q.y));
      if (w >= d.w_range[0] && w <= d.w_range[1] && b >= d.b_range[0] && b <= d.b_range[1]) view.set({w0: +w.toFixed(6), b0: +b.toFixed(6)});
    });
    p.root.classList.add('lgx-clickable');
    return {run, words};
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
    const a = mapPanel(view, spec, sc, 'mse');
    const b = mapPanel(view, spec, sc, 'log');
    const d = spec.datasets[sc.dataset];
    view.readout.textContent = `From (b, w) = (${fmt(sc.start[0], 2)}, ${fmt(sc.start[1], 2)}), ${sc.steps} steps of ` +
      `gradient descent (learning rate ${fmt(d.learning_rate.mse, 2)} on the squared error, ${fmt(d.learning_rate.log, 2)} ` +
      `on the log-loss). Squared error: ${fmt(a.run.loss0, 3)} → ` +
      `${fmt(a.run.loss, 3)}, ${a.words}. Log-loss: ${fmt(b.run.loss0, 3)} → ${fmt(b.run.loss, 3)}, ${b.words}.`;
  }

  return {scene, draw};
})();
