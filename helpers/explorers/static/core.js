/* Interactive figures of the book: the shared core (no dependencies, no network).
 *
 * One drawing code for both places a figure lives:
 *  - the static website: LGX.mount(root, payload) builds HTML controls from the control list that
 *    Python wrote, computes each scene in the browser (LGX.kinds[kind].scene) and draws it;
 *  - a live notebook (anywidget): LGX.live(model, el, kind) draws the scenes that Python computes
 *    with helpers and sends after every change of an ipywidgets control.
 * The browser test checks that a scene computed here equals the one Python computes for the same state.
 * This file is concatenated with one kind's file (slice.js, surface.js, cases.js, newton.js) and
 * wrapped in a function, so two figures on one page share no global name except window.lgxExplorers.
 * It holds no colour, constant or sentence of its own: they arrive in the spec Python wrote
 * (spec.style: colours and the number format; spec.text: every word; see helpers/explorers/_spec.py).
 */
const LGX = (function () {
  'use strict';
  const SVGNS = 'http://www.w3.org/2000/svg';
  // spec.style of the figure being drawn: {colors, number} (helpers.explorers._spec.STYLE)
  let STYLE = null;
  function useStyle(style) { STYLE = style; }

  function svg(tag, attrs, parent, text) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function html(tag, attrs, parent, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  /* A number as the figures print it, by the rule in spec.style.number (helpers.explorers.fmt is its twin):
   * fixed digits, scientific when tiny or huge, halves away from 0 (toFixed), the rule's minus sign. */
  function fmt(v, digits) {
    const rule = STYLE.number;
    if (v === null || v === undefined || !isFinite(v)) return rule.not_finite;
    const d = digits === undefined ? rule.digits : digits;
    const a = Math.abs(v);
    let s;
    if (a !== 0 && (a < Math.pow(10, -d) || a >= rule.sci_large)) s = v.toExponential(rule.sci_digits).replace('e+', 'e');
    else s = v.toFixed(d);
    if (/^-0\.?0*$/.test(s)) s = s.slice(1);
    return s.replace(/-/g, rule.minus);
  }

  /* A template of spec.text with its fields filled, as helpers.explorers.fill does in Python:
   * {name} is the value as text, {name:2} the number printed by fmt with 2 digits, {a.0} looks inside. */
  function fill(template, values) {
    return template.replace(/\{([A-Za-z_][\w.]*)(?::(\d+))?\}/g, (_, name, digits) => {
      let v = values;
      name.split('.').forEach(part => {
        if (v === null || v === undefined || !(part in Object(v))) throw new Error(`template field {${name}} has no value`);
        v = v[part];
      });
      return digits === undefined ? String(v) : fmt(v, +digits);
    });
  }

  function ticks(lo, hi, n) {
    const span = hi - lo;
    const raw = span / (n || 5);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const r = raw / mag;
    const step = (r >= 7.5 ? 10 : r >= 3.5 ? 5 : r >= 1.5 ? 2 : 1) * mag;
    const out = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * span; k++) out.push(k * step);
    return out;
  }

  function tickLabel(t) {
    const a = Math.abs(t);
    if (a !== 0 && (a < Math.pow(10, -STYLE.number.digits) || a >= STYLE.number.sci_large)) return fmt(t);
    return String(+t.toPrecision(6)).replace(/-/g, STYLE.number.minus);
  }

  /* One plot: an <svg role="img"> with axes, ticks and a clipped group to draw in.
   * o: {id, w, h, xlim, ylim, ylog, xlabel, ylabel, title, label} */
  function panel(parent, o) {
    const W = o.w || 300, H = (o.h || 240) + (o.footer ? 18 : 0);
    const m = {l: 52, r: 10, t: o.title ? 22 : 10, b: 40 + (o.footer ? 18 : 0)};
    const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': o.label || o.title,
      class: 'lgx-panel', preserveAspectRatio: 'xMidYMid meet'}, parent);
    const [x0, x1] = o.xlim;
    const ylog = !!o.ylog;
    const tr = v => (ylog ? Math.log10(v) : v);
    const y0 = tr(o.ylim[0]), y1 = tr(o.ylim[1]);
    const fx = v => m.l + (v - x0) / (x1 - x0) * (W - m.l - m.r);
    const fy = v => H - m.b - (tr(v) - y0) / (y1 - y0) * (H - m.t - m.b);
    const ix = px => x0 + (px - m.l) / (W - m.l - m.r) * (x1 - x0);
    const iy = py => { const t = y0 + (H - m.b - py) / (H - m.t - m.b) * (y1 - y0); return ylog ? Math.pow(10, t) : t; };
    const C = STYLE.colors;
    svg('rect', {x: 0, y: 0, width: W, height: H, fill: C.paper}, root);
    const axes = svg('g', {class: 'lgx-axes', 'font-size': 12, fill: C.ink}, root);
    const xt = ticks(x0, x1, 5);
    const yt = ylog ? (() => { const a = []; for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) a.push(Math.pow(10, e)); return a; })()
      : ticks(o.ylim[0], o.ylim[1], 4);
    const thin = Math.max(1, Math.ceil(yt.length / 6));
    xt.forEach(t => {
      svg('line', {x1: fx(t), x2: fx(t), y1: m.t, y2: H - m.b, stroke: C.grid, 'stroke-width': 0.7}, axes);
      svg('text', {x: fx(t), y: H - m.b + 14, 'text-anchor': 'middle'}, axes, tickLabel(t));
    });
    yt.forEach((t, i) => {
      svg('line', {x1: m.l, x2: W - m.r, y1: fy(t), y2: fy(t), stroke: C.grid, 'stroke-width': 0.7}, axes);
      if (i % thin === 0) svg('text', {x: m.l - 4, y: fy(t) + 4, 'text-anchor': 'end'}, axes,
        ylog ? '10' + superscript(Math.round(Math.log10(t))) : tickLabel(t));
    });
    svg('rect', {x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: 'none', stroke: C.frame, 'stroke-width': 0.8}, axes);
    if (o.xlabel) svg('text', {x: (m.l + W - m.r) / 2, y: H - 6 - (o.footer ? 18 : 0), 'text-anchor': 'middle'}, axes, o.xlabel);
    const footer = o.footer ? svg('text', {x: (m.l + W - m.r) / 2, y: H - 4, 'text-anchor': 'middle', 'font-size': 12.5, class: 'lgx-footer'}, root, o.footer) : null;
    if (o.ylabel) svg('text', {x: 12, y: (m.t + H - m.b) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(m.t + H - m.b) / 2})`}, axes, o.ylabel);
    if (o.title) svg('text', {x: (m.l + W - m.r) / 2, y: 15, 'text-anchor': 'middle', 'font-weight': 'bold', 'font-size': 12.5}, axes, o.title);
    const clipId = `${o.id}-clip`;
    const defs = svg('defs', {}, root);
    const cp = svg('clipPath', {id: clipId}, defs);
    svg('rect', {x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b}, cp);
    const plot = svg('g', {'clip-path': `url(#${clipId})`}, root);
    const layers = {back: svg('g', {}, plot), front: svg('g', {}, plot), top: svg('g', {'font-size': 12}, root)};
    return {root, plot, layers, fx, fy, ix, iy, W, H, m, xlim: o.xlim, ylim: o.ylim, footer,
      setLabel: text => root.setAttribute('aria-label', text)};
  }

  /* A legend in the corner of a panel, on a white box so that it stays legible over curves.
   * items: [[color, text, dashed?, marker?]] (marker: 'circle' or 'square', as the paths draw their points);
   * where: 'tl', 'tr', 'bl' or 'br' (top/bottom, left/right). */
  function legend(p, items, where) {
    const g = svg('g', {class: 'lgx-legend'}, p.layers.top);
    const rowH = 15, w = 12 + 7.2 * Math.max(...items.map(i => i[1].length)) + 18, h = rowH * items.length + 6;
    const width = Math.min(w, p.W - p.m.l - p.m.r - 8);
    const x0 = where[1] === 'r' ? p.W - p.m.r - width - 4 : p.m.l + 4;
    const y0 = where[0] === 'b' ? p.H - p.m.b - h - 4 : p.m.t + 4;
    svg('rect', {x: x0, y: y0, width, height: h, fill: STYLE.colors.paper, 'fill-opacity': 0.88, stroke: STYLE.colors.edge, 'stroke-width': 0.6, rx: 3}, g);
    items.forEach((it, k) => {
      const yy = y0 + 4 + rowH * k + rowH / 2;
      svg('line', {x1: x0 + 5, x2: x0 + 21, y1: yy, y2: yy, stroke: it[0], 'stroke-width': 2.5, 'stroke-dasharray': it[2] ? '5 3' : null}, g);
      const open = {fill: STYLE.colors.paper, stroke: it[0], 'stroke-width': 1.5};
      if (it[3] === 'circle') svg('circle', {cx: x0 + 13, cy: yy, r: 3.5, ...open}, g);
      if (it[3] === 'square') svg('rect', {x: x0 + 9.5, y: yy - 3.5, width: 7, height: 7, ...open}, g);
      svg('text', {x: x0 + 26, y: yy + 4, 'font-size': 11.5}, g, it[1]);
    });
    return g;
  }

  function superscript(n) {
    const map = {'-': '\u207b', '0': '\u2070', '1': '\u00b9', '2': '\u00b2', '3': '\u00b3', '4': '\u2074',
      '5': '\u2075', '6': '\u2076', '7': '\u2077', '8': '\u2078', '9': '\u2079'};
    return String(n).split('').map(c => map[c] || c).join('');
  }

  /* SVG path data through the points (xs[i], ys[i]); a missing or non-finite point breaks the line.
   * Coordinates are clamped far outside the view so that huge values still draw as lines off the plot. */
  function pathD(p, xs, ys) {
    let d = '', pen = false;
    const clamp = v => Math.max(-1e4, Math.min(1e4, v));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i], y = ys[i];
      if (x === null || y === null || !isFinite(x) || !isFinite(y) || (p.ylogGuard && y <= 0)) { pen = false; continue; }
      d += (pen ? 'L' : 'M') + clamp(p.fx(x)).toFixed(1) + ' ' + clamp(p.fy(y)).toFixed(1);
      pen = true;
    }
    return d || 'M0 0';
  }

  function clear(g) { while (g.firstChild) g.removeChild(g.firstChild); }

  /* ---------------------------------------------------------------------------------------------
   * The math the static page needs, a line-by-line mirror of helpers/losses.py and helpers/optim.py
   * for a model with theta = (b, w) and one feature x (z = b + w x). The browser test compares it
   * with helpers.mse_loss_and_gradient, helpers.log_loss_and_gradient and helpers.gradient_descent. */
  function lossAndGradient(loss, theta, x, y) {
    const m = x.length;
    let hinge = 0, soft = 0, sq = 0, gb = 0, gw = 0;
    for (let i = 0; i < m; i++) {
      const z = theta[0] + theta[1] * x[i];
      const sign = 1 - 2 * y[i];
      const s = sign * z;
      const e = Math.exp(-Math.abs(z));
      const r = sign * (s >= 0 ? 1 : e) / (1 + e);          // h - y, without cancellation
      if (loss === 'log') {
        hinge += Math.max(s, 0); soft += Math.log1p(e);       // softplus(s) = max(s, 0) + log1p(exp(-|s|))
        gb += r; gw += r * x[i];
      } else {
        const c = e / ((1 + e) * (1 + e));                    // h (1 - h)
        sq += r * r; gb += r * c; gw += r * c * x[i];
      }
    }
    const J = loss === 'log' ? (hinge + soft) / m : sq / (2 * m);
    return [J, [gb / m, gw / m]];
  }

  function gradientDescent(loss, theta0, learningRate, nSteps, x, y, tol) {
    let theta = theta0.slice();
    const path = [theta.slice()];
    let [J, g] = lossAndGradient(loss, theta, x, y);
    const losses = [J], gnorms = [Math.max(Math.abs(g[0]), Math.abs(g[1]))];
    let k = 0;
    while (k < nSteps && gnorms[gnorms.length - 1] > tol) {
      theta = [theta[0] - learningRate * g[0], theta[1] - learningRate * g[1]];
      [J, g] = lossAndGradient(loss, theta, x, y);
      k += 1;
      path.push(theta.slice());
      losses.push(J);
      gnorms.push(Math.max(Math.abs(g[0]), Math.abs(g[1])));
      if (!isFinite(J)) break;
    }
    return {path, losses, gradient_norms: gnorms, n_iter: k, converged: gnorms[gnorms.length - 1] <= tol};
  }

  /* ------------------------------------------------------------------------------------- controls */
  function optionIndex(c, value) {
    let best = 0;
    c.options.forEach((o, i) => { if (Math.abs(o[1] - value) < Math.abs(c.options[best][1] - value) || o[1] === value) best = i; });
    return best;
  }

  /* A slider's [min, max]: its own, or, when its range follows a menu (c.range_of), the range of the menu's value
   * in state (Explorer._limits in helpers/explorers/_base.py). */
  function range(c, state) {
    return c.ranges ? c.ranges[state[c.range_of]] : [c.min, c.max];
  }

  /* Move every slider whose range follows a menu into its range (Explorer._merged does the same in Python). */
  function keepInRange(controls, state) {
    controls.forEach(c => {
      if (c.type !== 'slider' || !c.ranges) return;
      const r = range(c, state);
      state[c.name] = Math.min(Math.max(state[c.name], r[0]), r[1]);
    });
  }

  /* Build the static page's controls from the list Python wrote. Returns sync(state). */
  function buildControls(box, controls, state, set, idp) {
    const syncs = [];
    let timer = null;
    controls.forEach(c => {
      const wrap = html('div', {class: `lgx-control lgx-${c.type}`}, box);
      const id = `${idp}-${c.name}`;
      if (c.type === 'slider' || c.type === 'choice') {
        html('label', {for: id}, wrap, c.label);
        const discrete = c.type === 'choice';
        const inp = html('input', discrete
          ? {type: 'range', id, min: 0, max: c.options.length - 1, step: 1}
          : {type: 'range', id, min: c.min, max: c.max, step: c.step}, wrap);
        const out = html('output', {for: id}, wrap);
        const show = () => {
          const text = discrete ? c.options[+inp.value][0] : fmt(+inp.value, c.digits === undefined ? 2 : c.digits);
          out.textContent = text;
          inp.setAttribute('aria-valuetext', text);
        };
        inp.addEventListener('input', () => { show(); set(c.name, discrete ? c.options[+inp.value][1] : +inp.value); });
        syncs.push(s => {
          const r = range(c, s);
          if (!discrete) { inp.min = r[0]; inp.max = r[1]; }
          inp.value = discrete ? optionIndex(c, s[c.name]) : s[c.name]; show();
        });
      } else if (c.type === 'select') {
        html('label', {for: id}, wrap, c.label);
        const sel = html('select', {id}, wrap);
        c.options.forEach(o => html('option', {value: String(o[1])}, sel, o[0]));
        sel.addEventListener('change', () => set(c.name, c.options[sel.selectedIndex][1]));
        syncs.push(s => { sel.selectedIndex = c.options.findIndex(o => o[1] === s[c.name]); });
      } else if (c.type === 'button') {
        const btn = html('button', {type: 'button', id, class: 'lgx-button'}, wrap, c.label);
        btn.addEventListener('click', () => {
          const t = controls.find(k => k.name === c.target);
          set(c.target, Math.max(t.min, Math.min(t.max, state[c.target] + c.delta)));
        });
      } else if (c.type === 'play') {
        const btn = html('button', {type: 'button', id, class: 'lgx-button', 'aria-pressed': 'false'}, wrap, c.label);
        const t = controls.find(k => k.name === c.target);
        const stop = () => { clearInterval(timer); timer = null; btn.setAttribute('aria-pressed', 'false'); btn.textContent = c.label; };
        btn.addEventListener('click', () => {
          if (timer) return stop();
          if (state[c.target] >= t.max) set(c.target, t.min);
          btn.setAttribute('aria-pressed', 'true');
          btn.textContent = c.stop_label;
          timer = setInterval(() => { if (state[c.target] >= t.max) stop(); else set(c.target, state[c.target] + 1); }, c.interval || 250);
        });
      }
    });
    const sync = s => syncs.forEach(f => f(s));
    sync(state);
    return sync;
  }

  const kinds = {};

  /* The static page: controls, scene and drawing all in the browser. */
  function mount(root, payload) {
    const kind = kinds[payload.kind];
    const state = Object.assign({}, payload.state);
    root.classList.add('lgx-ready');
    const controlsBox = root.querySelector('.lgx-controls');
    const view = {root, plots: root.querySelector('.lgx-plots'), readout: root.querySelector('.lgx-readout'),
      id: root.id, cache: {}, send: null};
    let sync = null;
    let pending = false;
    useStyle(payload.spec.style);
    const redraw = () => { useStyle(payload.spec.style); kind.draw(view, payload.spec, kind.scene(payload.spec, state)); };
    const set = (name, value) => {
      state[name] = value;
      keepInRange(payload.controls, state);
      if (sync) sync(state);
      if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; redraw(); }); }
    };
    view.set = values => {
      Object.keys(values).forEach(k => { state[k] = values[k]; });
      keepInRange(payload.controls, state);
      if (sync) sync(state);
      redraw();
    };
    sync = buildControls(controlsBox, payload.controls, state, set, root.id);
    redraw();
    window.lgxExplorers = window.lgxExplorers || {};
    window.lgxExplorers[root.id] = {
      kind: payload.kind, state, spec: payload.spec,
      scene: s => kind.scene(payload.spec, Object.assign({}, state, s || {})),
      redraw, set: view.set, math: {lossAndGradient, gradientDescent},
      // the number format and the templates, for the browser test to compare with Python's fmt and fill
      fmt: (v, digits) => { useStyle(payload.spec.style); return fmt(v, digits); },
      fill: (template, values) => { useStyle(payload.spec.style); return fill(template, values); },
    };
  }

  /* A live notebook: ipywidgets controls in Python; this view draws the scenes Python sends. */
  function live(model, el, kindName) {
    const kind = kinds[kindName];
    const root = html('div', {class: 'lgx lgx-live lgx-ready', id: 'lgx-live-' + Math.random().toString(36).slice(2, 10)}, el);
    const view = {root, plots: html('div', {class: 'lgx-plots'}, root),
      readout: html('p', {class: 'lgx-readout', 'aria-live': 'polite'}, root), id: root.id, cache: {}};
    let spec = null;
    view.set = values => model.send({type: 'set', values});
    const onMsg = msg => {
      if (!msg || !msg.type) return;
      if (msg.type === 'init') spec = msg.spec;
      if ((msg.type === 'init' || msg.type === 'scene') && spec) { useStyle(spec.style); kind.draw(view, spec, msg.scene); }
    };
    model.on('msg:custom', onMsg);
    model.send({type: 'ready'});
    // The ipywidgets controls beside this view give screen readers nothing to read: Play's buttons are icons
    // (read as 'button ""') and the slider handles have no name. Name them from their visible labels.
    const nameControls = () => {
      const box = root.closest('.widget-vbox');
      if (!box) return;
      if (!spec) return;
      box.querySelectorAll('.widget-play').forEach(play => {
        spec.style.play_buttons.forEach((name, i) => {
          const b = play.querySelectorAll('button')[i];
          if (b && !b.getAttribute('aria-label')) { b.setAttribute('aria-label', name); b.title = b.title || name; }
        });
      });
      box.querySelectorAll('.widget-slider, .widget-hslider').forEach(slider => {
        const label = slider.querySelector('.widget-label');
        const handle = slider.querySelector('.noUi-handle, [role="slider"]');
        if (label && handle && label.textContent.trim() && !handle.getAttribute('aria-label')) {
          handle.setAttribute('aria-label', label.textContent.trim());
        }
      });
    };
    setTimeout(nameControls, 0);
    model.on('msg:custom', nameControls);
    return () => { model.off('msg:custom', onMsg); model.off('msg:custom', nameControls); };
  }

  return {svg, html, fmt, fill, ticks, panel, pathD, clear, legend, lossAndGradient, gradientDescent,
    kinds, mount, live};
})();
