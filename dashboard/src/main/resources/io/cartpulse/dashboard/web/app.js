// The CartPulse dashboard page: one Server-Sent Events stream (/events) brings what changed each
// second; product data is asked for every few seconds and when a product is opened.
(function () {
  'use strict';

  const TYPE_COLORS = {
    CROSS_SELL: '#2563eb', CART_ABANDONMENT: '#dc2626', PURCHASE_INTENT: '#16a34a',
    PRICE_SENSITIVITY: '#d97706', COUPON_ISSUED: '#7c3aed', CHURN_RISK: '#0f766e',
    TRAFFIC_SURGE: '#db2777', UNKNOWN: '#6b7280'
  };
  const FEED_KEPT = 100;
  const PRODUCTS_EVERY_MS = 5000;

  const $ = (id) => document.getElementById(id);
  const number = (n) => (n === null || n === undefined || n < 0) ? '-' : Number(n).toLocaleString('en-US');
  const pad = (n) => String(n).padStart(2, '0');
  const utcTime = (ms) => { const d = new Date(ms); return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()); };
  const utcDateTime = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const stock = (available) => available === null || available === undefined ? 'unknown' : number(available);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    });
    children.flat().forEach((child) => node.append(child instanceof Node ? child : document.createTextNode(String(child))));
    return node;
  }

  // ---- charts -------------------------------------------------------------------------------

  function curveChart(canvas) {
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: [
        { label: 'PV (page views)', data: [], borderColor: '#2563eb', backgroundColor: '#2563eb', yAxisID: 'pv',
          pointRadius: 0, borderWidth: 2 },
        { label: 'UV (unique visitors)', data: [], borderColor: '#16a34a', backgroundColor: '#16a34a', yAxisID: 'uv',
          pointRadius: 0, borderWidth: 2 }
      ] },
      options: {
        animation: false, parsing: false, normalized: true, maintainAspectRatio: false, responsive: true,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { type: 'linear', ticks: { callback: (value) => utcTime(value), stepSize: 3 * 3600000, maxTicksLimit: 9 } },
          pv: { position: 'left', beginAtZero: true, title: { display: true, text: 'PV' } },
          uv: { position: 'right', beginAtZero: true, title: { display: true, text: 'UV' },
            grid: { drawOnChartArea: false } }
        },
        plugins: {
          legend: { labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: (items) => items.length ? utcDateTime(items[0].parsed.x) + ' UTC' : '' } }
        }
      }
    });
  }

  const charts = {};

  function setCurve(chart, canvas, curve) {
    const points = curve ? curve.t.length : 0;
    chart.data.datasets[0].data = curve ? curve.t.map((t, i) => ({ x: t, y: curve.pv[i] })) : [];
    chart.data.datasets[1].data = curve ? curve.t.map((t, i) => ({ x: t, y: curve.uv[i] })) : [];
    // Today's whole day on the axis, so the curve grows across it.
    const dayStart = curve && curve.day ? Date.parse(curve.day + 'T00:00:00Z') : NaN;
    chart.options.scales.x.min = Number.isNaN(dayStart) ? undefined : dayStart;
    chart.options.scales.x.max = Number.isNaN(dayStart) ? undefined : dayStart + 86400000;
    chart.update('none');
    canvas.setAttribute('data-points', String(points));
    canvas.setAttribute('data-last', String(points ? curve.t[points - 1] : 0));
    canvas.setAttribute('data-dimension', curve ? curve.dimension : '');
  }

  function rateChart(canvas) {
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        animation: false, maintainAspectRatio: false, responsive: true,
        scales: { x: { stacked: true, ticks: { maxTicksLimit: 10 } }, y: { stacked: true, beginAtZero: true } },
        plugins: { legend: { labels: { boxWidth: 10, font: { size: 10 } } } }
      }
    });
  }

  function setRate(rate) {
    const chart = charts.rate;
    chart.data.labels = rate.minutes.map((m) => { const d = new Date(m); return pad(d.getHours()) + ':' + pad(d.getMinutes()); });
    chart.data.datasets = Object.keys(rate.counts).sort().map((type) => ({
      label: type, data: rate.counts[type], backgroundColor: TYPE_COLORS[type] || TYPE_COLORS.UNKNOWN, stack: 'alerts'
    }));
    chart.update('none');
    $('alert-total').textContent = number(rate.total) + ' read';
  }

  // ---- the event stream -----------------------------------------------------------------------

  let source = null;
  let feedCount = 0;

  function connect() {
    if (source) source.close();
    const params = new URLSearchParams();
    if ($('category').value) params.set('dimension', $('category').value);
    params.set('type', $('alert-type').value);
    source = new EventSource('/events?' + params.toString());
    source.addEventListener('open', () => setConnection('live', 'live'));
    source.addEventListener('error', () => setConnection('lost', 'reconnecting'));
    source.addEventListener('update', (event) => apply(JSON.parse(event.data)));
  }

  function setConnection(state, text) {
    const node = $('connection');
    node.className = 'connection ' + state;
    node.textContent = text;
  }

  function apply(update) {
    if (update.reset) {
      $('feed').replaceChildren();
      feedCount = 0;
    }
    if (update.clock !== undefined) $('clock').textContent = utcDateTime(update.clock) + ' UTC';
    if (update.curves) applyCurves(update.curves);
    if (update.alerts) addAlerts(update.alerts);
    if (update.offers) update.offers.forEach((offer) => showOffer(offer.alertId, offer.products));
    if (update.alertRate) setRate(update.alertRate);
    if (update.settings) applySettings(update.settings);
    if (update.health) applyHealth(update.health);
  }

  function applyCurves(curves) {
    document.querySelectorAll('.day').forEach((node) => { node.textContent = curves.day || 'today'; });
    const select = $('category');
    const chosen = select.value;
    const wanted = [''].concat(curves.categories);
    const have = Array.from(select.options).map((o) => o.value);
    if (wanted.join('\n') !== have.join('\n')) {
      select.replaceChildren(...wanted.map((name) => el('option', { value: name }, name || 'busiest')));
      select.value = wanted.includes(chosen) ? chosen : '';
    }
    if (curves.all) setCurve(charts.all, $('chart-all'), curves.all);
    if (curves.selected) {
      setCurve(charts.category, $('chart-category'), curves.selected);
      select.options[0].textContent = 'busiest (' + curves.selected.dimension + ')';
    }
  }

  function addAlerts(alerts) {
    const feed = $('feed');
    alerts.forEach((alert) => {
      const item = el('li', { 'data-type': alert.type, 'data-alert-id': alert.alertId },
        el('div', { class: 'meta' },
          el('span', { class: 'badge' }, alert.type),
          el('span', {}, utcDateTime(alert.eventTime)),
          alert.productId ? productLink(alert.productId) : ''),
        el('div', { class: 'message' }, alert.message, el('span', { class: 'source' }, ' \u2014 ' + alert.source)));
      item.querySelector('.badge').style.background = TYPE_COLORS[alert.type] || TYPE_COLORS.UNKNOWN;
      if (alert.offer) item.append(offerNode(alert.offer));
      feed.prepend(item);
      feedCount++;
    });
    while (feed.children.length > FEED_KEPT) feed.lastElementChild.remove();
    feed.setAttribute('data-count', String(feedCount));
  }

  function offerNode(products) {
    return el('div', { class: 'offer' }, 'offered: ',
      products.length ? products.map((p) => productButton(p.productId, p.productId + ' (' + p.score + ')'))
        : el('span', { class: 'muted' }, 'no related product in stock'));
  }

  function showOffer(alertId, products) {
    const item = document.querySelector('#feed li[data-alert-id="' + CSS.escape(alertId) + '"]');
    if (!item) return;
    const old = item.querySelector('.offer');
    if (old) old.remove();
    item.append(offerNode(products));
  }

  function productLink(productId) {
    return productButton(productId, 'product ' + productId);
  }

  function productButton(productId, text) {
    const button = el('button', { type: 'button', class: 'product-link', 'data-product-id': productId }, text);
    button.addEventListener('click', () => openProduct(productId));
    return button;
  }

  // ---- settings and health ------------------------------------------------------------------

  function applySettings(settings) {
    $('settings').tBodies[0].replaceChildren(...settings.inForce.map((s) => el('tr', { 'data-key': s.key },
      el('td', {}, el('code', {}, s.key)), el('td', {}, s.value),
      el('td', {}, s.fromVersion === null ? 'start-up' : 'version ' + s.fromVersion))));
    const versions = settings.versions.slice().reverse();
    $('versions-empty').textContent = settings.topicFollowed ? 'none yet' : 'the topic does not exist yet';
    $('versions-empty').hidden = versions.length > 0;
    $('versions').tBodies[0].replaceChildren(...versions.map((v) => el('tr', {
      class: v.refused ? 'refused' : (v.inForce ? '' : 'future'), 'data-version': String(v.version),
      title: v.refused ? 'refused: ' + v.refused : (v.inForce ? 'in force' : 'not yet in force')
    },
    el('td', {}, String(v.version)), el('td', {}, utcDateTime(v.effectiveFrom)),
    el('td', {}, Object.entries(v.settings).map(([k, value]) => k + '=' + value).join(', ') || '(none)'))));
  }

  function applyHealth(health) {
    const set = (id, text, state) => { const node = $(id); node.textContent = text; node.className = 'value ' + (state || ''); };
    if (health.problem) {
      set('events-rate', '-', 'bad');
      set('lag', health.problem, 'bad');
    } else {
      set('events-rate', number(Math.round(health.eventsPerSecond)));
      set('lag', health.lag.length ? health.lag.map((g) => g.group + ' ' + number(g.lag)).join(' · ') : 'no group yet',
        health.lag.some((g) => g.lag > 100000) ? 'warn' : '');
    }
    const dead = health.deadLetters.filter((t) => t.records >= 0);
    set('dead-letters', dead.length ? dead.map((t) => number(t.records)).reduce((a, b) => a + ' + ' + b) : '-',
      dead.some((t) => t.records > 0) ? 'warn' : '');
    $('dead-letters').title = health.deadLetters.map((t) => t.topic + ': ' + number(t.records)).join('\n');
    set('late', health.late ? number(health.late.records) : '-');
    if (health.streamsReady === null) set('streams-ready', 'not configured');
    else set('streams-ready', health.streamsReady, health.streamsOk ? 'ok' : 'bad');
  }

  // ---- products -----------------------------------------------------------------------------

  let productsTimer = null;

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    return response.json();
  }

  async function loadTop() {
    clearTimeout(productsTimer);
    const by = $('rank-by').value;
    const window_ = $('rank-window').value;
    const status = $('products-status');
    const body = $('top-products').tBodies[0];
    try {
      const answer = await fetchJson('/api/products/top?' + new URLSearchParams({ by, window: window_, limit: '10' }));
      if (!answer.available) {
        status.textContent = 'product data not available: ' + answer.reason;
        status.setAttribute('data-state', 'not-available');
        body.replaceChildren();
      } else if (answer.retry) {
        status.textContent = 'product data is being restored; retrying';
        status.setAttribute('data-state', 'retry');
      } else {
        status.textContent = answer.products.length ? '' : 'no product has data yet';
        status.setAttribute('data-state', 'available');
        const key = window_ === 'today' ? 'today' : 'lastHour';
        body.replaceChildren(...answer.products.map((p) => {
          const stats = p[key] || {};
          const row = el('tr', { 'data-product-id': p.productId },
            el('td', {}, p.productId), el('td', { class: 'num' }, number(stats.views)),
            el('td', { class: 'num' }, number(stats.carts)), el('td', { class: 'num' }, number(stats.purchases)),
            el('td', { class: 'num' }, stats.revenue === undefined ? '-' : stats.revenue),
            el('td', { class: 'num' }, stock(p.available)));
          row.addEventListener('click', () => openProduct(p.productId));
          return row;
        }));
      }
    } catch (error) {
      status.textContent = 'the dashboard does not answer';
      status.setAttribute('data-state', 'error');
    }
    productsTimer = setTimeout(loadTop, PRODUCTS_EVERY_MS);
  }

  async function openProduct(productId) {
    const dialog = $('product-view');
    $('product-title').textContent = 'Product ' + productId;
    dialog.setAttribute('data-product-id', productId);
    dialog.removeAttribute('data-state');
    $('product-status').textContent = 'loading';
    $('product-body').hidden = true;
    if (!dialog.open) dialog.showModal();
    let answer;
    try {
      answer = await fetchJson('/api/products/' + encodeURIComponent(productId));
    } catch (error) {
      $('product-status').textContent = 'the dashboard does not answer';
      dialog.setAttribute('data-state', 'error');
      return;
    }
    if (dialog.getAttribute('data-product-id') !== productId) return;
    if (!answer.available) {
      $('product-status').textContent = 'product data not available: ' + answer.reason;
      dialog.setAttribute('data-state', 'not-available');
      return;
    }
    if (answer.unknown || answer.retry) {
      $('product-status').textContent = answer.unknown ? 'unknown product: ' + answer.reason : answer.reason;
      dialog.setAttribute('data-state', answer.unknown ? 'unknown' : 'retry');
      return;
    }
    const p = answer.product;
    $('product-status').textContent = '';
    $('product-stock').textContent = stock(p.available);
    const row = (label, s) => el('tr', {}, el('th', {}, label), el('td', { class: 'num' }, number(s.views)),
      el('td', { class: 'num' }, number(s.carts)), el('td', { class: 'num' }, number(s.purchases)),
      el('td', { class: 'num' }, s.revenue === undefined ? '-' : s.revenue),
      el('td', { class: 'num' }, s.viewers === undefined ? '' : number(s.viewers)));
    $('product-stats').tBodies[0].replaceChildren(row('today', p.today || {}), row('last hour', p.lastHour || {}));
    const related = p.related || [];
    $('related-empty').hidden = related.length > 0;
    $('related').replaceChildren(...related.map((r) => el('li', { 'data-product-id': r.productId },
      productButton(r.productId, r.productId), ' score ' + r.score + ', stock ' + stock(r.available))));
    $('product-body').hidden = false;
    dialog.setAttribute('data-state', 'shown');
  }

  // ---- start --------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    Chart.defaults.font.size = 11;
    charts.all = curveChart($('chart-all'));
    charts.category = curveChart($('chart-category'));
    charts.rate = rateChart($('chart-rate'));
    $('category').addEventListener('change', connect);
    $('alert-type').addEventListener('change', connect);
    $('rank-by').addEventListener('change', loadTop);
    $('rank-window').addEventListener('change', loadTop);
    connect();
    loadTop();
  });
})();
