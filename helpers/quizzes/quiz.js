/* Quick checks of the book (helpers/quiz.py): one question, answered in the page, no kernel, no network.
 *
 * Python writes the HTML (a fieldset of radio buttons or a text box, a Check button, a live region for
 * the feedback, a folded answer) and a JSON payload: which choice is correct or the computed number,
 * the one-line explanations, and every word shown (payload.text). This file only compares and writes
 * those words; it holds no sentence, number or answer of its own. It is wrapped in a function per
 * question, so questions on one page share no global name.
 */
const LGQ = (function () {
  'use strict';

  /* A reader's answer as a number (helpers.quiz.parse_number is its twin), or null. */
  function parse(text) {
    let s = String(text).trim().replace(/\u2212/g, '-').replace(/ /g, '');
    if (s.indexOf(',') >= 0 && s.indexOf('.') < 0) s = s.replace(/,/g, '.');
    const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?:\/([-+]?(?:\d+\.?\d*|\.\d+)))?$/.exec(s);
    if (!m) return null;
    let v = parseFloat(m[1]);
    if (m[2] !== undefined) {
      const d = parseFloat(m[2]);
      if (d === 0) return null;
      v /= d;
    }
    return isFinite(v) ? v : null;
  }

  /* The feedback for the current input: {state: 'right'|'wrong'|'empty', message}. */
  function judge(payload, form) {
    const t = payload.text;
    if (payload.kind === 'choice') {
      const picked = form.querySelector('input[type=radio]:checked');
      if (!picked) return { state: 'empty', message: t.empty_choice };
      const c = payload.choices[+picked.value];
      return { state: c.correct ? 'right' : 'wrong', message: (c.correct ? t.right : t.wrong) + ' ' + c.why, picked: picked };
    }
    const raw = form.querySelector('input[type=text]').value;
    if (!raw.trim()) return { state: 'empty', message: t.empty_number };
    const v = parse(raw);
    if (v === null) return { state: 'empty', message: t.unreadable.replace('{input}', raw.trim()) };
    if (Math.abs(v - payload.answer) <= payload.tolerance) return { state: 'right', message: t.right + ' ' + payload.why };
    for (const m of payload.mistakes) {
      if (Math.abs(v - m.value) <= payload.tolerance) return { state: 'wrong', message: t.wrong + ' ' + m.why };
    }
    return { state: 'wrong', message: t.wrong_number };
  }

  function mount(form) {
    if (!form || form.dataset.lgqMounted) return;
    form.dataset.lgqMounted = '1';
    const payload = JSON.parse(form.querySelector('.lgq-payload').textContent);
    const feedback = form.querySelector('.lgq-feedback');
    function clear() {
      form.querySelectorAll('.lgq-choice').forEach(l => l.classList.remove('lgq-right', 'lgq-wrong'));
      form.classList.remove('lgq-state-right', 'lgq-state-wrong', 'lgq-state-empty');
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      event.stopPropagation();
      const result = judge(payload, form);
      clear();
      form.classList.add('lgq-state-' + result.state);
      if (result.picked) result.picked.closest('.lgq-choice').classList.add('lgq-' + result.state);
      feedback.textContent = result.message;
    });
    // a new choice or a new number: the old verdict no longer applies
    form.addEventListener('input', function () { clear(); feedback.textContent = ''; });
    // Enter in the text box checks, and goes no further (JupyterLab would run the cell)
    form.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && event.target.matches('input')) {
        event.preventDefault();
        event.stopPropagation();
        form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
      }
    });
  }

  return { mount: mount, parse: parse, judge: judge };
})();
if (typeof window !== 'undefined') window.LGQ = window.LGQ || LGQ;
