/* Explorer "gradient descent vs Newton": both paths on the log-loss contours, step by step, with a
 * learning-rate control for gradient descent, and the gap J - J* of each against the step. */
LGX.kinds.newton = (function () {
  const {svg, fmt, panel, pathD, clear, COLORS} = LGX;

  /* every number comes from helpers.gradient_descent and helpers.fit_newton, run in Python */
  function scene(spec, st) {
    const gd = spec.gd[st.rate], nt = spec.newton;
    const kg = Math.min(st.step, gd.path.length - 1), kn = Math.min(st.step, nt.path.length - 1);
    return {rate: st.rate, step: st.step,
      gd: {path: gd.path.slice(0, kg + 1), loss: gd.losses[kg], gap: gd.gaps[kg]},
      newton: {path: nt.path.slice(0, kn + 1), loss: nt.losses[kn], gap: nt.gaps[kn]}};
  }

  function draw(view, spec, sc) {
    clear(view.plots);
    const gd = spec.gd[sc.rate];
    const p = panel(view.plots, {id: `${view.id}-map`, xlim: spec.w_range, ylim: spec.b_range, xlabel: 'weight w',
      ylabel: 'bias b', title: 'Log-loss contours'});
    if (!view.cache.contours) view.cache.contours = spec.contours.map(c => ({color: c.color, d: c.lines.map(l => pathD(p, l[0], l[1])).join('')}));
    view.cache.contours.forEach(c => svg('path', {d: c.d, fill: 'none', stroke: c.color, 'stroke-width': 1}, p.layers.back));
    svg('path', {d: `M${p.fx(spec.theta_star[1]) - 7} ${p.fy(spec.theta_star[0])}h14M${p.fx(spec.theta_star[1])} ${p.fy(spec.theta_star[0]) - 7}v14`,
      stroke: COLORS.ink, 'stroke-width': 2}, p.layers.back);
    const trace = (run, color, shape) => {
      svg('path', {d: pathD(p, run.path.map(t => t[1]), run.path.map(t => t[0])), fill: 'none', stroke: color, 'stroke-width': 2}, p.layers.front);
      run.path.forEach((t, i) => {
        if (t[0] === null || t[1] === null || !isFinite(t[0]) || !isFinite(t[1])) return;
        const last = i === run.path.length - 1;
        if (shape === 'square') svg('rect', {x: p.fx(t[1]) - (last ? 5 : 3), y: p.fy(t[0]) - (last ? 5 : 3), width: last ? 10 : 6, height: last ? 10 : 6, fill: last ? color : '#fff', stroke: color, 'stroke-width': 1.5}, p.layers.front);
        else svg('circle', {cx: p.fx(t[1]), cy: p.fy(t[0]), r: last ? 5 : 3, fill: last ? color : '#fff', stroke: color, 'stroke-width': 1.5}, p.layers.front);
      });
    };
    trace(sc.gd, COLORS.gd, 'circle');
    trace(sc.newton, COLORS.newton, 'square');
    LGX.legend(p, [[COLORS.gd, 'gradient descent'], [COLORS.newton, "Newton's method"]], spec.legend || 'bl');
    const endG = sc.gd.path[sc.gd.path.length - 1], endN = sc.newton.path[sc.newton.path.length - 1];
    p.setLabel(`Contour map of the log-loss over the weight w (across) and the bias b (up), its minimum marked with a cross. ` +
      `After ${sc.step} steps, gradient descent with learning rate ${spec.rates[sc.rate][0]} (circles) is at ` +
      `(b, w) = (${fmt(endG[0], 2)}, ${fmt(endG[1], 2)}) and Newton's method (squares) at (${fmt(endN[0], 2)}, ${fmt(endN[1], 2)}).`);

    const q = panel(view.plots, {id: `${view.id}-gap`, xlim: [0, spec.max_steps], ylim: spec.gap_range, ylog: true,
      xlabel: 'step k', ylabel: 'J(θ_k) − J*', title: 'J(θ_k) − J*'});
    q.ylogGuard = true;
    const ks = gd.gaps.map((_, i) => i), kn = spec.newton.gaps.map((_, i) => i);
    const floor = v => (v === null ? null : Math.max(v, spec.gap_range[0]));
    svg('path', {d: pathD(q, ks, gd.gaps.map(floor)), fill: 'none', stroke: COLORS.gd, 'stroke-width': 1, opacity: 0.35}, q.layers.back);
    svg('path', {d: pathD(q, kn, spec.newton.gaps.map(floor)), fill: 'none', stroke: COLORS.newton, 'stroke-width': 1, opacity: 0.35}, q.layers.back);
    svg('path', {d: pathD(q, ks.slice(0, sc.step + 1), gd.gaps.slice(0, sc.step + 1).map(floor)), fill: 'none', stroke: COLORS.gd, 'stroke-width': 2.5}, q.layers.front);
    svg('path', {d: pathD(q, kn.slice(0, sc.step + 1), spec.newton.gaps.slice(0, sc.step + 1).map(floor)), fill: 'none', stroke: COLORS.newton, 'stroke-width': 2.5}, q.layers.front);
    svg('line', {x1: q.fx(sc.step), x2: q.fx(sc.step), y1: q.m.t, y2: q.H - q.m.b, stroke: COLORS.muted, 'stroke-width': 1}, q.layers.back);
    const gapText = g => (g === null ? 'not finite' : g <= spec.gap_range[0] ? `below ${fmt(spec.gap_range[0], 0)}` : fmt(g, 3));
    q.setLabel(`The gap between the loss and its minimum against the step k, on a logarithmic scale from ${fmt(spec.gap_range[0], 0)} to ` +
      `${fmt(spec.gap_range[1], 0)}: gradient descent falls along a straight line (linear convergence), Newton's method ` +
      `plunges (quadratic convergence). At step ${sc.step}: gradient descent ${gapText(sc.gd.gap)}, Newton ${gapText(sc.newton.gap)}.`);
    const nN = spec.newton.path.length - 1;
    view.readout.textContent = `Step ${sc.step}. Gradient descent (α = ${spec.rates[sc.rate][0]}): J − J* = ${gapText(sc.gd.gap)}. ` +
      `Newton: J − J* = ${gapText(sc.newton.gap)}` + (sc.step >= nN ? ` (it stopped after ${nN} steps, its Newton decrement below ${fmt(spec.newton_tol, 0)}).` : '.');
  }

  return {scene, draw};
})();
