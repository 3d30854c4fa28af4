// Orleans.Rec operator page: models, versions, traffic, per-version charts from the history endpoint, the analysis
// of what got worse and why, firing alerts (with their top cause), push mode. Plain DOM and SVG, no libraries. Every
// call sends the operator key (kept in sessionStorage) as X-Api-Key.
'use strict';

(() => {
  const KEY_STORAGE = 'orleans-rec.operator-key';
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const params = new URLSearchParams(location.search);
  const REFRESH_SECONDS = clamp(Number(params.get('refresh')) || 10, 1, 3600);
  const HISTORY_MINUTES = clamp(Number(params.get('minutes')) || 60, 1, 1440);
  const MODEL = params.get('model') || null; // ?model=NAME: that model and its alerts only
  const COLORS = { p50: '#2f6fde', p95: '#c27c0e', p99: '#c9302c', rps: '#1f9d55', batch: '#7a4fd0', precision: '#2f6fde', hit: '#c27c0e' };
  const SPLIT_COLORS = ['#2f6fde', '#1f9d55', '#c27c0e', '#7a4fd0', '#c9302c', '#0f8a8a'];

  const $ = (id) => document.getElementById(id);
  let timer = null;
  let busy = false;
  let features = null; // which optional endpoints this gateway has: { history, alerts, push, silos, analysis }

  class HttpError extends Error {
    constructor(path, status) {
      super(`${path}: HTTP ${status}`);
      this.status = status;
    }
  }

  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }

  function key() { return sessionStorage.getItem(KEY_STORAGE); }

  async function api(path) {
    const response = await fetch(path, { headers: { 'X-Api-Key': key() ?? '' }, cache: 'no-store' });
    if (!response.ok) {
      throw new HttpError(path, response.status);
    }
    return response.json();
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      if (value !== undefined && value !== null) {
        node.setAttribute(name, String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs ?? {})) {
      node.setAttribute(name, String(value));
    }
    return node;
  }

  function setStatus(text, isError) {
    const status = $('status');
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function fmt(v, digits = 2) {
    if (v === null || v === undefined || Number.isNaN(v)) {
      return '–';
    }
    const abs = Math.abs(v);
    if (abs !== 0 && (abs >= 10000 || abs < 0.001)) {
      return v.toExponential(1);
    }
    return Number(v.toFixed(abs >= 100 ? 0 : abs < 1 ? Math.max(digits, 3) : digits)).toString();
  }

  function clock(date) { return date.toISOString().slice(11, 16); }

  function utc(at) { return `${new Date(at).toISOString().slice(11, 19)} UTC`; }

  // Optional endpoints are looked up in the OpenAPI document once, so that a gateway without them is never asked
  // (no 404s in the console) and the page says what it cannot show.
  async function detectFeatures() {
    try {
      const doc = await api('/openapi/v1.json');
      const paths = Object.keys(doc.paths ?? {});
      return {
        history: paths.includes('/v1/models/{model}/history'),
        alerts: paths.includes('/v1/alerts'),
        push: paths.includes('/v1/push'),
        silos: paths.includes('/v1/silos'),
        analysis: paths.includes('/v1/models/{model}/analysis'),
      };
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 403)) {
        throw e;
      }
      return { history: true, alerts: false, push: false, silos: false, analysis: false };
    }
  }

  async function refresh() {
    if (!key()) {
      setStatus('Enter an operator key to load the models.');
      return;
    }
    // A slow cluster never stacks refreshes: the next tick waits for this one.
    if (busy) {
      return;
    }
    busy = true;
    try {
      features ??= await detectFeatures();
      const [list, alerts, push, silos] = await Promise.all([
        api('/v1/models'),
        features.alerts ? api('/v1/alerts?state=firing').catch(() => null) : null,
        features.push ? api('/v1/push').catch(() => null) : null,
        features.silos ? api('/v1/silos').catch(() => null) : null,
      ]);
      renderAlerts(alerts);
      renderPush(push);
      renderSilos(silos);
      const models = await Promise.all(list.models.filter((m) => !MODEL || m.name === MODEL).map(loadModel));
      renderModels(models);
      setStatus(`${models.length} model${models.length === 1 ? '' : 's'} · updated ${new Date().toISOString().slice(11, 19)} UTC`
        + (features.history ? '' : ' · this gateway has no history endpoint: current figures only, no charts'));
    } catch (e) {
      if (e instanceof HttpError && (e.status === 401 || e.status === 403)) {
        setStatus(e.status === 401 ? 'The key was not accepted (401).' : 'The key is not an operator key (403).', true);
        features = null;
        stop();
        return;
      }
      setStatus(`Refresh failed: ${e.message}`, true);
    } finally {
      busy = false;
    }
  }

  async function loadModel(summary) {
    const name = encodeURIComponent(summary.name);
    const [versions, traffic, history, analysis] = await Promise.all([
      api(`/v1/models/${name}/versions`),
      api(`/v1/models/${name}/traffic`),
      features.history ? api(`/v1/models/${name}/history?minutes=${HISTORY_MINUTES}`) : null,
      // A failed analysis leaves the rest of the model on the page: the panel says what failed.
      features.analysis ? api(`/v1/models/${name}/analysis?minutes=${HISTORY_MINUTES}`).catch((e) => ({ error: e.message })) : null,
    ]);
    let current = null;
    if (!history) {
      // No history on this gateway: the figures since load of each version that takes traffic.
      const serving = servingVersions(traffic);
      current = Object.fromEntries(await Promise.all(serving.map(async (v) => [v, await api(`/v1/models/${name}/versions/${v}/metrics`)])));
    }
    return { summary, versions, traffic, history, current, analysis };
  }

  function servingVersions(traffic) {
    const versions = new Set(Object.keys(traffic.splits ?? {}).map(Number));
    if (traffic.active !== null && traffic.active !== undefined) {
      versions.add(traffic.active);
    }
    if (traffic.shadow) {
      versions.add(Number(traffic.shadow));
    }
    return [...versions].sort((a, b) => a - b);
  }

  function trafficShare(traffic, version) {
    const splits = traffic.splits ?? {};
    if (Object.keys(splits).length > 0) {
      return splits[String(version)] ?? 0;
    }
    return traffic.active === version ? 100 : 0;
  }

  // GET /v1/alerts?state=firing: { alerts: [{ model, version, ruleId, metric, comparison, threshold, severity, value, firedAt, ...,
  // analysis?: the model's analysis when it fired (as GET /v1/models/{model}/analysis) }] }; its top cause shows beside it.
  function renderAlerts(alerts) {
    const section = $('alerts');
    const items = (alerts?.alerts ?? []).filter((a) => !MODEL || a.model === MODEL);
    $('alert-list').replaceChildren(...items.map((a) => el('li', { class: `alert-${a.severity}`, 'data-alert': a.ruleId, 'data-model': a.model, 'data-version': a.version },
      el('b', null, a.ruleId), ` ${a.severity} · ${a.model} ${a.version === '0' ? `silos${a.silo ? ` (${a.silo})` : ''}` : `v${a.version}`} · ${a.metric} ${fmt(a.value, 3)} ${a.comparison} ${fmt(a.threshold, 3)}`,
      ` over ${a.windowSeconds} s · since ${utc(a.firedAt)}`,
      a.controlVersion ? ` · against v${a.controlVersion}` : '', a.rolledBack ? ' · split ended' : '',
      topCause(a.analysis))));
    section.hidden = items.length === 0;
  }

  function topCause(analysis) {
    const top = analysis?.causes?.[0];
    if (!top) {
      return null;
    }
    return el('span', { class: 'top-cause', 'data-cause': top.kind },
      ' · probable cause ', el('span', { class: 'kind' }, top.kind), ' ', el('span', { 'data-field': 'action' }, top.action));
  }

  // GET /v1/push: { silos, models, published, debounced, failed, pending, maxPending, latencyP50Ms, latencyP99Ms, perSilo }
  // One row for the cluster: lists pushed to the recommendations topic as users act (push mode, per model config).
  function renderPush(push) {
    const section = $('push');
    if (!push) {
      section.hidden = true;
      return;
    }
    const ms = (v) => (v === null || v === undefined ? '–' : `${fmt(v, 0)} ms`);
    $('push-body').replaceChildren(el('tr', { 'data-push': push.models.join(',') },
      el('td', null, push.models.length ? push.models.join(', ') : 'none (push is off: set push.enabled in a version config)'),
      el('td', null, String(push.published)),
      el('td', null, String(push.debounced)),
      el('td', null, String(push.failed)),
      el('td', null, `${push.pending} / ${push.maxPending}`),
      el('td', null, ms(push.latencyP50Ms)),
      el('td', null, ms(push.latencyP99Ms)),
      el('td', null, String(push.silos))));
    section.hidden = false;
  }

  function bytes(v) {
    if (v === null || v === undefined) {
      return '–';
    }
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${fmt(v, 1)} ${units[i]}`;
  }

  function percent(v) { return v === null || v === undefined ? '–' : `${fmt(v * 100, 1)} %`; }

  // GET /v1/silos: { silos: [{ silo, cpuUtilization, workingSetBytes, gcHeapBytes, gcPauseRatio, threadPoolQueueLength,
  // threadPoolThreads, kafkaLag?, deadLetters, gpuUtilization?, gpuMemoryUsedBytes?, gpuMemoryTotalBytes? }], unanswered: [] }
  function renderSilos(silos) {
    const section = $('silos');
    const rows = silos?.silos ?? [];
    $('silo-rows').replaceChildren(...rows.map((s) => el('tr', { 'data-silo': s.silo },
      el('td', null, s.silo),
      el('td', { 'data-figure': 'cpu' }, percent(s.cpuUtilization)),
      el('td', { 'data-figure': 'working-set' }, bytes(s.workingSetBytes)),
      el('td', { 'data-figure': 'gc-heap' }, bytes(s.gcHeapBytes)),
      el('td', { 'data-figure': 'gc-pause' }, percent(s.gcPauseRatio)),
      el('td', { 'data-figure': 'thread-pool' }, `${s.threadPoolQueueLength} queued · ${s.threadPoolThreads} threads`),
      el('td', { 'data-figure': 'kafka' }, s.kafkaLag === undefined ? '–' : `lag ${s.kafkaLag} · ${s.deadLetters} dead letters`),
      el('td', { 'data-figure': 'gpu' }, s.gpuUtilization === undefined ? 'no GPU' : `${percent(s.gpuUtilization)} · ${bytes(s.gpuMemoryUsedBytes)} of ${bytes(s.gpuMemoryTotalBytes)}`))));
    $('silo-note').textContent = (silos?.unanswered ?? []).length > 0 ? `Not answering: ${silos.unanswered.join(', ')}` : '';
    section.hidden = rows.length === 0;
  }

  function renderModels(models) {
    const container = $('models');
    if (models.length === 0) {
      container.replaceChildren(el('p', { class: 'note' }, MODEL
        ? `The model ${MODEL} has not served yet (/ops/ without ?model= shows every model).`
        : 'No model has served yet: upload and activate a version (POST /v1/models/{model}/versions, then …/activate).'));
      return;
    }
    container.replaceChildren(...models.map(renderModel));
  }

  function renderModel({ summary, versions, traffic, history, current, analysis }) {
    const section = el('section', { class: 'model', 'data-model': summary.name });
    section.append(el('h2', null, summary.name, ' ',
      el('span', { class: 'muted' }, summary.activeVersion !== null && summary.activeVersion !== undefined ? `active v${summary.activeVersion}` : 'no active version')));

    // Traffic split as a bar, then the versions table.
    const serving = servingVersions(traffic).filter((v) => trafficShare(traffic, v) > 0);
    const bar = el('div', { class: 'traffic', 'data-traffic': serving.map((v) => `${v}:${trafficShare(traffic, v)}`).join(',') });
    serving.forEach((v, i) => {
      const share = trafficShare(traffic, v);
      const segment = el('div', { title: `v${v}: ${share}% of users` }, `v${v} ${share}%`);
      segment.style.flex = `${share} 1 0`;
      segment.style.background = SPLIT_COLORS[i % SPLIT_COLORS.length];
      bar.append(segment);
    });
    section.append(el('h3', null, 'Traffic', traffic.shadow ? el('span', { class: 'muted' }, ` · shadow v${traffic.shadow}`) : null), bar);

    const rows = versions.versions.slice().sort((a, b) => b.version - a.version).map((v) => el('tr', { 'data-version': v.version, 'data-state': v.state },
      el('td', null, `v${v.version}`),
      el('td', null, el('span', { class: `state state-${v.state}` }, v.state)),
      el('td', null, `${trafficShare(traffic, v.version)}%`, String(traffic.shadow) === String(v.version) ? ' + shadow' : ''),
      el('td', null, v.createdAt ? new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' ') : ''),
      el('td', null, v.activatedAt ? new Date(v.activatedAt).toISOString().slice(0, 16).replace('T', ' ') : ''),
      el('td', null, v.itemCount),
      el('td', null, v.failureReason ?? '')));
    section.append(el('table', { class: 'versions' },
      el('thead', null, el('tr', null, ['version', 'state', 'traffic', 'created (UTC)', 'activated (UTC)', 'items', 'failure'].map((h) => el('th', null, h)))),
      el('tbody', null, rows)));

    if (analysis) {
      section.append(renderAnalysis(analysis));
    }

    if (history) {
      // Versions that take the most traffic first, then newest first.
      const charted = (history.versions ?? []).slice().sort((a, b) =>
        trafficShare(traffic, Number(b.version)) - trafficShare(traffic, Number(a.version)) || Number(b.version) - Number(a.version));
      if (charted.length === 0) {
        section.append(el('p', { class: 'note' }, `No samples in the last ${HISTORY_MINUTES} minutes.`));
      }
      for (const v of charted) {
        section.append(renderVersionCharts(v, history));
      }
    } else if (current) {
      for (const [version, m] of Object.entries(current)) {
        section.append(renderCurrentFigures(version, m));
      }
    }
    return section;
  }

  // GET /v1/models/{model}/analysis?minutes=N: { model, from, to, symptomAt, symptoms: [{ metric, version, at, before, after,
  // explanation }], causes: [{ kind, score, strength, timing, at, explanation, action, evidence: [{ at, what, before, after,
  // silo }] }] }, causes highest score first. Symptoms one line each, then the causes as a ranked table.
  function renderAnalysis(analysis) {
    const wrap = el('div', { class: 'analysis', 'data-analysis': analysis.error ? 'error' : 'ok' },
      el('h3', null, 'Analysis', el('span', { class: 'muted' }, ` · what got worse in the last ${HISTORY_MINUTES} minutes, and probable causes`)));
    if (analysis.error) {
      wrap.append(el('p', { class: 'note' }, `Analysis failed: ${analysis.error}`));
      return wrap;
    }
    const symptoms = analysis.symptoms ?? [];
    const causes = analysis.causes ?? [];
    if (symptoms.length === 0 && causes.length === 0) {
      wrap.append(el('p', { class: 'note', 'data-empty': '' }, `Nothing got worse in the last ${HISTORY_MINUTES} minutes`));
      return wrap;
    }
    wrap.append(symptoms.length === 0
      ? el('p', { class: 'note' }, 'No measured figure got worse; changes that could matter:')
      : el('ul', { class: 'symptoms' }, symptoms.map((s) => el('li', { 'data-metric': s.metric, 'data-version': s.version },
        s.explanation, el('span', { class: 'muted' }, ` · ${utc(s.at)}`)))));
    if (causes.length > 0) {
      const rows = causes.map((c, i) => el('tr', { 'data-cause': c.kind, 'data-rank': i + 1 },
        el('td', null, String(i + 1)),
        el('td', null, el('span', { class: 'kind' }, c.kind)),
        el('td', { class: 'score', title: 'score = strength × timing' }, el('b', null, fmt(c.score)), el('span', { class: 'muted' }, ` = ${fmt(c.strength)} × ${fmt(c.timing)}`)),
        el('td', null, utc(c.at)),
        el('td', { class: 'text' }, el('span', { 'data-field': 'explanation' }, c.explanation),
          (c.evidence ?? []).length > 0 ? el('ul', { class: 'evidence' }, c.evidence.map(evidenceLine)) : null),
        el('td', { class: 'text', 'data-field': 'action' }, c.action)));
      wrap.append(el('table', { class: 'causes' },
        el('thead', null, el('tr', null, ['#', 'cause', 'score', 'at', 'what happened · evidence', 'suggested action'].map((h) => el('th', null, h)))),
        el('tbody', null, rows)));
    }
    return wrap;
  }

  function evidenceLine(e) {
    const values = (e.before ?? e.after ?? null) !== null ? ` · ${fmt(e.before, 3)} → ${fmt(e.after, 3)}` : '';
    return el('li', null, `${utc(e.at)} · ${e.what}${values}`, e.silo ? el('span', { class: 'muted' }, ` · ${e.silo}`) : null);
  }

  function renderVersionCharts(v, history) {
    const samples = (v.samples ?? []).map((s) => ({ ...s, t: Date.parse(s.at) })).filter((s) => !Number.isNaN(s.t)).sort((a, b) => a.t - b.t);
    // The x axis spans the samples (at least a minute), so a young version is not a sliver at the right edge.
    const to = samples.length ? samples[samples.length - 1].t : Date.now();
    const from = samples.length ? Math.min(samples[0].t, to - 60000) : to - HISTORY_MINUTES * 60000;
    const pick = (field) => samples.map((s) => ({ t: s.t, v: s[field] ?? null }));
    const last = samples[samples.length - 1];
    const wrap = el('div', { class: 'version', 'data-version': v.version });
    wrap.append(el('h3', null, `v${v.version}`, el('span', { class: 'muted' },
      ` · ${samples.length} sample${samples.length === 1 ? '' : 's'}, one every ${history.intervalSeconds ?? '?'} s`
      + (last ? ` · last: ${fmt(last.requestsPerSecond)} req/s, p99 ${fmt(last.p99Ms)} ms` : ''))));
    wrap.append(el('div', { class: 'charts' },
      chart('latency', 'Latency (ms)', from, to, [
        { name: 'p50', color: COLORS.p50, points: pick('p50Ms') },
        { name: 'p95', color: COLORS.p95, points: pick('p95Ms') },
        { name: 'p99', color: COLORS.p99, points: pick('p99Ms') },
      ]),
      chart('throughput', 'Throughput (requests/s)', from, to, [{ name: 'requests/s', color: COLORS.rps, points: pick('requestsPerSecond') }]),
      chart('batch', 'Mean batch size', from, to, [{ name: 'batch size', color: COLORS.batch, points: pick('meanBatchSize') }]),
      chart('accuracy', 'Online accuracy', from, to, [
        { name: 'precision@k', color: COLORS.precision, points: pick('precisionAtK') },
        { name: 'hit-rate', color: COLORS.hit, points: pick('hitRate') },
      ])));
    return wrap;
  }

  function renderCurrentFigures(version, m) {
    const overall = m.accuracy?.overall;
    return el('div', { class: 'version', 'data-version': version },
      el('h3', null, `v${version}`, el('span', { class: 'muted' }, ' · since load')),
      el('div', { class: 'figures' },
        el('span', null, 'requests/s ', el('b', null, fmt(m.requestsPerSecond))),
        el('span', null, 'requests ', el('b', null, m.serving?.requests ?? 0)),
        el('span', null, 'mean batch run (ms) ', el('b', null, fmt(m.serving?.meanBatchMilliseconds))),
        el('span', null, 'error rate ', el('b', null, fmt(m.serving?.errorRate, 4))),
        el('span', null, 'precision@k ', el('b', null, overall?.impressions ? fmt(overall.precisionAtK, 4) : '–')),
        el('span', null, 'hit-rate ', el('b', null, overall?.impressions ? fmt(overall.hitRate, 4) : '–')),
        el('span', null, 'impressions ', el('b', null, overall?.impressions ?? 0))));
  }

  // A line chart: one SVG path per series, gaps where a value is null; the y axis starts at 0.
  function chart(id, title, from, to, series) {
    const W = 360, H = 150, L = 40, R = 8, T = 8, B = 20;
    const values = series.flatMap((s) => s.points.map((p) => p.v)).filter((v) => v !== null && Number.isFinite(v));
    const max = niceMax(values.length ? Math.max(...values) : 0);
    const x = (t) => L + ((t - from) / Math.max(1, to - from)) * (W - L - R);
    const y = (v) => T + (1 - v / max) * (H - T - B);
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, 'data-chart': id });
    for (const v of [0, max / 2, max]) {
      root.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      const label = svg('text', { class: 'tick', x: L - 4, y: y(v) + 3, 'text-anchor': 'end' });
      label.textContent = fmt(v);
      root.append(label);
    }
    for (const [t, anchor] of [[from, 'start'], [to, 'end']]) {
      const label = svg('text', { class: 'tick', x: x(t), y: H - 5, 'text-anchor': anchor });
      label.textContent = clock(new Date(t));
      root.append(label);
    }
    const legend = el('div', { class: 'legend' });
    for (const s of series) {
      const points = s.points.filter((p) => p.v !== null && Number.isFinite(p.v));
      let d = '';
      let pen = false;
      for (const p of s.points) {
        if (p.v === null || !Number.isFinite(p.v)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`;
        pen = true;
      }
      // A lone point still shows: a zero-length segment with round caps.
      const path = svg('path', { class: 'line', d: d.replace(/^M([^L]+)$/, 'M$1L$1'), stroke: s.color, 'data-series': s.name, 'data-points': points.length });
      root.append(path);
      // Few points: each one marked, so lone samples and gaps read clearly.
      if (points.length <= 60) {
        for (const p of points) {
          root.append(svg('circle', { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 1.8, fill: s.color, 'data-series': s.name }));
        }
      }
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = s.color;
      legend.append(el('span', null, swatch, `${s.name} ${points.length ? fmt(points[points.length - 1].v, 3) : '–'}`));
    }
    if (values.length === 0) {
      const empty = svg('text', { class: 'empty', x: (L + W - R) / 2, y: H / 2, 'text-anchor': 'middle' });
      empty.textContent = id === 'accuracy' ? 'no closed attribution windows yet' : 'no data';
      root.append(empty);
    }
    return el('div', { class: 'chart' }, el('h3', null, title), root, legend);
  }

  function niceMax(v) {
    if (!(v > 0)) {
      return 1;
    }
    const magnitude = 10 ** Math.floor(Math.log10(v));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (v <= step * magnitude) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  function start() {
    stop();
    refresh();
    timer = setInterval(refresh, REFRESH_SECONDS * 1000);
  }

  function stop() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  }

  $('refresh-note').textContent = `Refreshes every ${REFRESH_SECONDS} s, last ${HISTORY_MINUTES} minutes${MODEL ? `, model ${MODEL} only` : ''}`;
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('key').value.trim();
    if (value) {
      sessionStorage.setItem(KEY_STORAGE, value);
      $('key').value = '';
      features = null;
      start();
    }
  });
  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    stop();
    $('models').replaceChildren();
    $('alerts').hidden = true;
    setStatus('Key forgotten. Enter an operator key to load the models.');
  });
  start();
})();
