/* Explorer "gradient descent vs Newton": both paths on the log-loss contours, step by step, with a
 * learning-rate control for gradient descent, and the gap J - J* of each against the step.
 * Words: spec.text (helpers/explorers/newton.py TEXT). */
LGX.kinds.newton = (function () {
  const {svg, fill, panel, pathD, clear} = LGX;

  /* every number comes from helpers.gradient_descent and helpers.fit_newton, run in Python */
  function scene(spec, st) {
    const gd = spec.gd[st.rate], nt = spec.newton;
    const kg = Math.min(st.step, gd.path.length - 1), kn = Math.min(st.step, nt.path.length - 1);
    return {rate: st.rate, step: st.step,
      gd: {path: gd.path.slice(0, kg + 1), loss: gd.losses[kg], gap: gd.gaps[kg]},
      newton: {path: nt.path.slice(0, kn + 1), loss: nt.losses[kn], gap: nt.gaps[kn]}};
  }

  function draw(view, spec, sc) {
    const T = spec.text, C = spec.style.colors;
    clear(view.plots);
    const gd = spec.gd[sc.rate];
    const rate = spec.rates[sc.rate][0];
    const p = panel(view.plots, {id: `${view.id}-map`, xlim: spec.w_range, ylim: spec.b_range, xlabel: T.xlabel,
      ylabel: T.ylabel, title: T.map_title});
    if (!view.cache.contours) view.cache.contours = spec.contours.map(c => ({color: c.color, d: c.lines.map(l => pathD(p, l[0], l[1])).join('')}));
    view.cache.contours.forEach(c => svg('path', {d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 1}, p.layers.back));
    svg('path', {d: `M${p.fx(spec.theta_star[1]) - 7} ${p.fy(spec.theta_star[0])}h14M${p.fx(spec.theta_star[1])} ${p.fy(spec.theta_star[0]) - 7}v14`,
      stroke: C.ink, 'stroke-width': 2}, p.layers.back);
    const trace = (run, color, shape) => {
      svg('path', {d: pathD(p, run.path.map(t => t[1]), run.path.map(t => t[0])), fill: 'none', stroke: color, 'stroke-width': 2}, p.layers.front);
      run.path.forEach((t, i) => {
        if (t[0] === null || t[1] === null || !isFinite(t[0]) || !isFinite(t[1])) return;
        const last = i === run.path.length - 1;
        if (shape === 'square') svg('rect', {x: p.fx(t[1]) - (last ? 5 : 3), y: p.fy(t[0]) - (last ? 5 : 3), width: last ? 10 : 6, height: last ? 10 : 6, fill: last ? color : C.paper, stroke: color, 'stroke-width': 1.5}, p.layers.front);
        else svg('circle', {cx: p.fx(t[1]), cy: p.fy(t[0]), r: last ? 5 : 3, fill: last ? color : C.paper, stroke: color, 'stroke-width': 1.5}, p.layers.front);
      });
    };
    trace(sc.gd, C.gd, 'circle');
    trace(sc.newton, C.newton, 'square');
    LGX.legend(p, [[C.gd, T.legend.gd, false, 'circle'], [C.newton, T.legend.newton, false, 'square']], spec.legend);
    p.setLabel(fill(T.map_panel, {step: sc.step, rate, gd_end: sc.gd.path[sc.gd.path.length - 1],
      newton_end: sc.newton.path[sc.newton.path.length - 1]}));

    const q = panel(view.plots, {id: `${view.id}-gap`, xlim: [0, spec.max_steps], ylim: spec.gap_range, ylog: true,
      xlabel: T.gap_xlabel, ylabel: T.gap_title, title: T.gap_title});
    q.ylogGuard = true;
    const ks = gd.gaps.map((_, i) => i), kn = spec.newton.gaps.map((_, i) => i);
    const floor = v => (v === null ? null : Math.max(v, spec.gap_range[0]));
    svg('path', {d: pathD(q, ks, gd.gaps.map(floor)), fill: 'none', stroke: C.gd, 'stroke-width': 1, opacity: 0.35}, q.layers.back);
    svg('path', {d: pathD(q, kn, spec.newton.gaps.map(floor)), fill: 'none', stroke: C.newton, 'stroke-width': 1, opacity: 0.35}, q.layers.back);
    svg('path', {d: pathD(q, ks.slice(0, sc.step + 1), gd.gaps.slice(0, sc.step + 1).map(floor)), fill: 'none', stroke: C.gd, 'stroke-width': 2.5}, q.layers.front);
    svg('path', {d: pathD(q, kn.slice(0, sc.step + 1), spec.newton.gaps.slice(0, sc.step + 1).map(floor)), fill: 'none', stroke: C.newton, 'stroke-width': 2.5}, q.layers.front);
    svg('line', {x1: q.fx(sc.step), x2: q.fx(sc.step), y1: q.m.t, y2: q.H - q.m.b, stroke: C.muted, 'stroke-width': 1}, q.layers.back);
    // a gap at or below the axis' floor is said to be below it; fmt prints null as not finite
    const gapText = g => (g !== null && g <= spec.gap_range[0] ? fill(T.gap_below, {floor: spec.gap_range[0]}) : LGX.fmt(g, 3));
    const values = {step: sc.step, rate, gd_gap: gapText(sc.gd.gap), newton_gap: gapText(sc.newton.gap),
      lo: spec.gap_range[0], hi: spec.gap_range[1], n_newton: spec.newton.path.length - 1, tol: spec.newton_tol};
    q.setLabel(fill(T.gap_panel, values));
    view.readout.textContent = fill(sc.step >= values.n_newton ? T.readout_stopped : T.readout, values);
  }

  return {scene, draw};
})();
