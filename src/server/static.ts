/**
 * The workbench's only script and stylesheet, served from the same origin (CSP: script-src 'self', no inline).
 * The script builds every piece of dynamic content with textContent, never innerHTML.
 */

export const CLIENT_SCRIPT = String.raw`'use strict';
(function () {
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function collect(form) {
    var data = new FormData(form);
    var answers = {};
    data.forEach(function (value, key) {
      if (key.indexOf('q.') !== 0) return;
      var id = key.slice(2);
      var multiple = form.querySelector('input[type="checkbox"][name="' + CSS.escape(key) + '"]');
      if (multiple) (answers[id] = answers[id] || []).push(String(value));
      else answers[id] = String(value);
    });
    return { title: String(data.get('title') || ''), description: String(data.get('description') || ''), answers: answers };
  }

  function render(target, result) {
    target.replaceChildren();
    if (!result.outcomes) {
      target.appendChild(el('p', 'muted', result.problem || 'Answer the questions to see the verdict.'));
      return;
    }
    var table = el('table', 'outcomes');
    var head = table.createTHead().insertRow();
    ['Model', 'Verdict', 'Severity', 'CVSS', 'Why'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    var body = table.createTBody();
    result.outcomes.forEach(function (o) {
      var row = body.insertRow();
      row.dataset.model = o.model;
      // data-label: the column name, shown before each value where the table is laid out as blocks (narrow panels).
      function cell(label) { var td = row.insertCell(); td.dataset.label = label; return td; }
      cell('Model').textContent = o.model;
      var v = cell('Verdict');
      v.appendChild(el('span', 'verdict verdict-' + o.verdict, o.verdict));
      if (o.reason) { v.appendChild(el('br')); v.appendChild(el('span', 'reason', o.reason)); }
      cell('Severity').appendChild(el('span', 'severity severity-' + o.severity, o.severity));
      var c = cell('CVSS');
      if (o.cvss) { c.appendChild(el('span', '', o.cvss.score.toFixed(1))); c.appendChild(el('br')); c.appendChild(el('code', '', o.cvss.vector)); }
      else c.textContent = '—';
      var why = cell('Why');
      var ul = el('ul', 'rationale');
      o.rationale.forEach(function (line) { ul.appendChild(el('li', '', line)); });
      why.appendChild(ul);
      if (o.trace.length) why.appendChild(el('p', 'trace', 'clauses: ' + o.trace.join(' → ')));
    });
    target.appendChild(table);
  }

  function wirePreview(form, target) {
    var timer = null;
    var seq = 0;
    function update() {
      var mine = ++seq;
      fetch('/api/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(collect(form)),
      })
        .then(function (r) { return r.json(); })
        .then(function (result) { if (mine === seq) render(target, result); })
        .catch(function () { if (mine === seq) render(target, { problem: 'Preview unavailable.' }); });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(update, 150); }
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
  }

  function wireFileFill(input) {
    var target = document.getElementById(input.dataset.fills);
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      if (!file || !target) return;
      file.text().then(function (t) { target.value = t; });
    });
  }

  // A filter box over a long list of choices: hides the choices (and group headings) that do not match; a chosen
  // answer always stays visible.
  function wireChoiceFilter(input) {
    var fieldset = input.closest('fieldset');
    if (!fieldset) return;
    var none = fieldset.querySelector('.no-match');
    input.addEventListener('input', function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      fieldset.querySelectorAll('.choice-group').forEach(function (group) {
        var visible = 0;
        group.querySelectorAll('label.choice').forEach(function (label) {
          var box = label.querySelector('input');
          var text = (label.textContent + ' ' + (box ? box.value : '')).toLowerCase();
          var match = words.every(function (w) { return text.indexOf(w) >= 0; }) || (box && box.checked);
          label.hidden = !match;
          if (match) visible++;
        });
        group.hidden = visible === 0;
        shown += visible;
      });
      if (none) none.hidden = shown > 0;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('report-form');
    var target = document.getElementById('preview');
    if (form && target) wirePreview(form, target);
    document.querySelectorAll('input[data-filter-choices]').forEach(wireChoiceFilter);
    document.querySelectorAll('input[type="file"][data-fills]').forEach(wireFileFill);
  });
})();
`;

export const STYLESHEET = `
:root { --fg: #1d232b; --muted: #5b6570; --line: #d5dbe1; --bg: #f5f7f9; --accent: #0b5cad; --bad: #b3261e; --ok: #1e7b34; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #14202e; color: #fff; }
header a, header .who { color: #dfe8f2; text-decoration: none; margin-right: .8rem; }
header nav { display: flex; align-items: center; flex-wrap: wrap; }
header button { background: none; border: 1px solid #6d7d90; color: #dfe8f2; border-radius: 4px; cursor: pointer; }
.brand { font-weight: 700; }
main { padding: 1rem 1.5rem; max-width: 1300px; }
h1 { font-size: 1.4rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin-top: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem; margin-bottom: 1rem; }
.narrow { max-width: 420px; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; align-items: start; }
label { display: block; margin: .4rem 0; }
input:not([type=radio]):not([type=checkbox]), textarea, select { width: 100%; padding: .35rem; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
.inline-form label, .inline-form input, .inline-form select { display: inline-block; width: auto; }
form.inline { display: inline; }
button { padding: .35rem .8rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; font: inherit; }
fieldset.question { border: 1px solid var(--line); border-radius: 4px; margin: .6rem 0; min-width: 0; }
.choice-group h3 { font-size: .9rem; margin: .6rem 0 .2rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.choice-group { columns: 2 14rem; column-gap: 1.5rem; }
.choice-group h3 { column-span: all; }
.choice-group .choice { break-inside: avoid; }
[hidden] { display: none !important; }
/* The live verdict stays in view: a sticky side panel on wide screens, a bar at the bottom on narrow ones. */
.columns > .verdict-panel { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow-y: auto; }
.verdict-panel table.outcomes, .verdict-panel table.outcomes tbody, .verdict-panel table.outcomes tr, .verdict-panel table.outcomes td { display: block; width: auto; }
.verdict-panel table.outcomes thead { display: none; }
.verdict-panel table.outcomes tr { border-bottom: 1px solid var(--line); padding: .3rem 0; }
.verdict-panel table.outcomes td { border: 0; padding: .05rem 0; white-space: normal; min-width: 0; max-width: none; }
.verdict-panel table.outcomes td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
.verdict-panel table.outcomes td[data-label="Model"] { font-weight: 600; }
.verdict-panel table.outcomes td[data-label="Model"]::before { content: none; }
legend { font-weight: 600; }
.choice { display: block; margin: .15rem 0; }
.help, .muted, .optional { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
table.outcomes td:nth-child(-n+3), table.queue th, table.queue td:nth-child(4) { white-space: nowrap; }
table.outcomes td:nth-child(4) { min-width: 11rem; max-width: 14rem; }
table.outcomes code, table.log code { word-break: break-all; }
details > summary { cursor: pointer; font-weight: 600; margin-bottom: .5rem; }
tr.overdue td { background: #fff1f0; }
.badge { font-size: .75rem; padding: .05rem .4rem; border-radius: 3px; }
.badge.overdue, .clock-overdue { color: var(--bad); font-weight: 600; }
.status { font-weight: 600; }
.verdict-vulnerability { color: var(--bad); font-weight: 600; }
.verdict-not-a-vulnerability { color: var(--ok); font-weight: 600; }
.verdict-needs-info { color: #8a5a00; font-weight: 600; }
.severity-critical, .severity-high { color: var(--bad); }
.reason, .trace { color: var(--muted); font-size: .85rem; }
.error { color: var(--bad); background: #fff1f0; border: 1px solid #f1c2bd; padding: .5rem; border-radius: 4px; }
.notice { background: #eef6ff; border: 1px solid #b9d6f5; padding: .5rem; border-radius: 4px; }
.chip { display: inline-block; padding: .1rem .6rem; margin-right: .3rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; color: var(--fg); background: #fff; }
.chip.active { background: var(--accent); color: #fff; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; }
.heatmap-wrap { max-width: 100%; overflow-x: auto; }
.heatmap { width: auto; margin: .5rem 0 1rem; }
.legend span { padding: 0 .4em; border-radius: 3px; }
.heatmap td { text-align: center; min-width: 3rem; }
.heat-0 { background: #f6f8fa; } .heat-1 { background: #fde9c9; } .heat-2 { background: #fbcf8f; }
.heat-3 { background: #f6a35b; } .heat-4 { background: #e8663c; color: #fff; } .heat-5 { background: #b3261e; color: #fff; }
img.diagram { max-width: 100%; border: 1px solid var(--line); background: #fff; }
@media (max-width: 900px) {
  .columns { grid-template-columns: 1fr; }
  .columns > .verdict-panel { top: auto; bottom: 0; max-height: 38vh; margin-bottom: 0; z-index: 1; box-shadow: 0 -3px 10px rgba(0, 0, 0, .18); }
  main { padding: .6rem; }
  header { flex-wrap: wrap; gap: .4rem; }
  table.queue, table.log, table.findings { display: block; overflow-x: auto; }
}
`;
