// The replay page's script (inlined by replay-page.ts; plain browser JavaScript, no modules, no network). It decodes
// the tracks of replay-data.ts, draws the lanes once into an offscreen canvas and, per frame, every vehicle as a
// small oriented box on one canvas (hundreds of vehicles per frame stay cheap: no DOM node per vehicle). Controls:
// play/pause (also the space bar), speed, a time slider; hover shows a vehicle's id and speed. A URL hash
// `#frame=N` (or `#t=seconds`) opens the page paused at that frame (used by the screenshot test); `#bench` logs the
// mean time to draw a frame.
// Kept as a string: the project compiles without DOM types, and the page must carry the script itself.
export const REPLAY_CLIENT = String.raw`
(function () {
  'use strict';
  var COLOURS = { learner: '#d62728', human: '#1f77b4', lane: '#b4b4b4', internal: '#c8c8c8', collision: '#ff7f0e', background: '#ffffff' };
  var CAR_LENGTH = 5, CAR_WIDTH = 2, MARGIN = 20, HOVER_PX = 10;
  var data = JSON.parse(document.getElementById('replay-data').textContent);
  var frames = data.times.length;
  var raw = atob(data.data);
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  var values = new Int16Array(bytes.buffer, 0, bytes.length >> 1);
  // Tracks decoded to absolute positions (m) and speeds (m/s).
  var tracks = [];
  var at = 0;
  for (var t = 0; t < data.tracks.length; t += 5) {
    var n = data.tracks[t + 2];
    var xs = new Float32Array(n), ys = new Float32Array(n), vs = new Float32Array(n);
    var qx = data.tracks[t + 3], qy = data.tracks[t + 4];
    for (var k = 0; k < n; k++) {
      qx += values[at]; qy += values[at + 1];
      xs[k] = qx * data.positionUnit; ys[k] = qy * data.positionUnit; vs[k] = values[at + 2] * data.speedUnit;
      at += 3;
    }
    tracks.push({ vehicle: data.tracks[t], start: data.tracks[t + 1], n: n, xs: xs, ys: ys, vs: vs });
  }
  var collisionsAt = {};
  for (var c = 0; c < data.collisions.length; c += 2) (collisionsAt[data.collisions[c]] = collisionsAt[data.collisions[c]] || []).push(data.collisions[c + 1]);

  var canvas = document.getElementById('view');
  var ctx = canvas.getContext('2d');
  var lanesLayer = document.createElement('canvas');
  var slider = document.getElementById('slider');
  var playButton = document.getElementById('play');
  var speedSelect = document.getElementById('speed');
  var clock = document.getElementById('clock');
  var tip = document.getElementById('tip');
  slider.max = String(Math.max(0, frames - 1));
  var view = { scale: 1, ox: 0, oy: 0, dpr: 1 };
  var state = { frame: 0, playing: false, last: null, mouse: null };
  var stepSeconds = frames > 1 ? Math.max(1e-3, data.times[1] - data.times[0]) : 1;

  function toScreen(x, y) { return [view.ox + (x - data.bounds[0]) * view.scale, view.oy - (y - data.bounds[1]) * view.scale]; }

  function layout() {
    view.dpr = window.devicePixelRatio || 1;
    var w = window.innerWidth, h = Math.max(100, window.innerHeight - document.getElementById('bar').offsetHeight);
    canvas.style.width = w + 'px'; canvas.style.height = h + 'px';
    canvas.width = Math.round(w * view.dpr); canvas.height = Math.round(h * view.dpr);
    var bw = Math.max(1, data.bounds[2] - data.bounds[0]), bh = Math.max(1, data.bounds[3] - data.bounds[1]);
    view.scale = Math.min((w - 2 * MARGIN) / bw, (h - 2 * MARGIN) / bh);
    view.ox = (w - bw * view.scale) / 2;
    view.oy = h - (h - bh * view.scale) / 2;
    lanesLayer.width = canvas.width; lanesLayer.height = canvas.height;
    var g = lanesLayer.getContext('2d');
    g.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    g.fillStyle = COLOURS.background; g.fillRect(0, 0, w, h);
    g.lineCap = 'round'; g.lineJoin = 'round';
    for (var l = 0; l < data.lanes.length; l++) {
      var lane = data.lanes[l];
      g.strokeStyle = lane.internal ? COLOURS.internal : COLOURS.lane;
      g.lineWidth = Math.max(1, lane.width * view.scale);
      g.beginPath();
      for (var p = 0; p < lane.points.length; p += 2) {
        var s = toScreen(lane.points[p], lane.points[p + 1]);
        if (p === 0) g.moveTo(s[0], s[1]); else g.lineTo(s[0], s[1]);
      }
      g.stroke();
    }
    draw();
  }

  /** Vehicles present in frame f: [{track, k}]. */
  function present(f) {
    var out = [];
    for (var i = 0; i < tracks.length; i++) {
      var tr = tracks[i];
      if (tr.start > f) break;
      var k = f - tr.start;
      if (k < tr.n) out.push({ track: tr, k: k });
    }
    return out;
  }

  function heading(tr, k) {
    var a = k > 0 ? k - 1 : k, b = k + 1 < tr.n ? k + 1 : k;
    var dx = tr.xs[b] - tr.xs[a], dy = tr.ys[b] - tr.ys[a];
    return dx === 0 && dy === 0 ? (tr.heading || 0) : (tr.heading = Math.atan2(-dy, dx));
  }

  function draw() {
    var f = Math.min(frames - 1, Math.max(0, Math.floor(state.frame)));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(lanesLayer, 0, 0);
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    var len = Math.max(4, CAR_LENGTH * view.scale), wid = Math.max(2.5, CAR_WIDTH * view.scale);
    var cars = present(f);
    for (var i = 0; i < cars.length; i++) {
      var tr = cars[i].track, k = cars[i].k, s = toScreen(tr.xs[k], tr.ys[k]);
      ctx.save();
      ctx.translate(s[0], s[1]);
      ctx.rotate(heading(tr, k));
      ctx.fillStyle = data.learner[tr.vehicle] ? COLOURS.learner : COLOURS.human;
      // The position is the front bumper (SUMO): the box extends backwards.
      ctx.fillRect(-len, -wid / 2, len, wid);
      ctx.restore();
    }
    // Collisions: a ring around the vehicles colliding in this frame, a cross where earlier ones happened.
    ctx.lineWidth = 2;
    ctx.strokeStyle = COLOURS.collision;
    for (var ff = 0; ff <= f; ff++) {
      var hit = collisionsAt[ff];
      if (!hit) continue;
      for (var h = 0; h < hit.length; h++) {
        var pos = positionOf(hit[h], ff);
        if (!pos) continue;
        var q = toScreen(pos[0], pos[1]);
        ctx.beginPath();
        if (ff === f) ctx.arc(q[0], q[1], Math.max(8, 3 * len / 2), 0, 2 * Math.PI);
        else { ctx.moveTo(q[0] - 5, q[1] - 5); ctx.lineTo(q[0] + 5, q[1] + 5); ctx.moveTo(q[0] + 5, q[1] - 5); ctx.lineTo(q[0] - 5, q[1] + 5); }
        ctx.stroke();
      }
    }
    slider.value = String(f);
    clock.textContent = 't = ' + data.times[f].toFixed(1) + ' s  (step ' + (f + 1) + '/' + frames + ', ' + cars.length + ' vehicles)';
    hover(cars);
  }

  function positionOf(vehicle, f) {
    for (var i = 0; i < tracks.length; i++) {
      var tr = tracks[i];
      if (tr.vehicle === vehicle && f >= tr.start && f < tr.start + tr.n) return [tr.xs[f - tr.start], tr.ys[f - tr.start]];
    }
    return null;
  }

  function hover(cars) {
    if (!state.mouse) { tip.style.display = 'none'; return; }
    var best = null, bestD = HOVER_PX * HOVER_PX;
    for (var i = 0; i < cars.length; i++) {
      var tr = cars[i].track, s = toScreen(tr.xs[cars[i].k], tr.ys[cars[i].k]);
      var d = (s[0] - state.mouse[0]) * (s[0] - state.mouse[0]) + (s[1] - state.mouse[1]) * (s[1] - state.mouse[1]);
      if (d <= bestD) { bestD = d; best = cars[i]; }
    }
    if (!best) { tip.style.display = 'none'; return; }
    var v = best.track.vehicle;
    tip.textContent = data.ids[v] + (data.learner[v] ? ' (learner)' : ' (human)') + ': ' + best.track.vs[best.k].toFixed(1) + ' m/s';
    tip.style.left = (state.mouse[0] + 12) + 'px';
    tip.style.top = (state.mouse[1] + document.getElementById('bar').offsetHeight + 12) + 'px';
    tip.style.display = 'block';
  }

  function setPlaying(on) {
    state.playing = on && frames > 1;
    state.last = null;
    playButton.textContent = state.playing ? 'Pause' : 'Play';
    if (state.playing) requestAnimationFrame(tick);
  }

  function tick(now) {
    if (!state.playing) return;
    if (state.last !== null) state.frame += ((now - state.last) / 1000) * Number(speedSelect.value) / stepSeconds;
    state.last = now;
    if (state.frame >= frames - 1) { state.frame = frames - 1; draw(); setPlaying(false); return; }
    draw();
    requestAnimationFrame(tick);
  }

  function fromHash() {
    var m = /(?:^|[#&])frame=(\d+)/.exec(location.hash), tm = /(?:^|[#&])t=([\d.]+)/.exec(location.hash);
    if (m) return Math.min(frames - 1, Number(m[1]));
    if (tm) { var want = Number(tm[1]), f = 0; while (f + 1 < frames && data.times[f + 1] <= want) f++; return f; }
    return null;
  }

  playButton.addEventListener('click', function () { if (state.frame >= frames - 1) state.frame = 0; setPlaying(!state.playing); });
  slider.addEventListener('input', function () { state.frame = Number(slider.value); draw(); });
  window.addEventListener('keydown', function (e) { if (e.key === ' ') { e.preventDefault(); playButton.click(); } });
  canvas.addEventListener('mousemove', function (e) { var r = canvas.getBoundingClientRect(); state.mouse = [e.clientX - r.left, e.clientY - r.top]; draw(); });
  canvas.addEventListener('mouseleave', function () { state.mouse = null; draw(); });
  window.addEventListener('resize', layout);
  var start = fromHash();
  state.frame = start === null ? 0 : start;
  layout();
  // #bench: draw every frame once and log the mean time per frame (what "plays smoothly" is measured with).
  if (/(?:^|[#&])bench\b/.test(location.hash)) {
    var began = Date.now();
    for (var b = 0; b < frames; b++) { state.frame = b; draw(); }
    console.log('replay bench: ' + frames + ' frames, ' + ((Date.now() - began) / frames).toFixed(2) + ' ms per frame');
  } else if (start === null) setPlaying(true);
})();
`;
