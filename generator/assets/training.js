/* Browser behaviour of the training site: the scenario player, the activities,
   progress kept in this browser, and the certificate. Pages stay complete
   without it; the markup comes from the templates, the strings and module
   list from site.js (window.trSite), written per language by the generator.
   Nothing here sends anything anywhere: progress lives in localStorage. */
(function () {
  "use strict";

  var VERSION = 1;
  /* The largest progress file imported (the README states it): years of progress with
     long notes take a few hundred KB. A larger file is refused before it is read. */
  var IMPORT_LIMIT = 1048576;
  var site = window.trSite || { key: "training:progress", strings: {}, modules: [] };

  /* ---- Pure logic: state, replay and scores (unit-tested in the browser) ---- */

  function emptyRecord() { return { v: VERSION, modules: {}, notes: {}, name: "" }; }

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  /* ---- The progress record's schema: one place, for the record stored and the one imported ----
     A node is a check of one value (a function); {fields, need} an object of known fields,
     those in need required; {map, key} an object of any keys (ids unless `key` says);
     {list, max} a list, cut before its first bad item. A part that fails is dropped and its
     path reported; a required part that fails takes its object with it. The walk follows the
     schema, not the data, so no depth or size of a file can make it recurse further. */

  function has(x, key) { return Object.prototype.hasOwnProperty.call(x, key); }
  function isText(max, pattern) {
    return function (x) { return typeof x === "string" && x.length <= max && (!pattern || pattern.test(x)); };
  }
  function orNull(check) { return function (x) { return x === null || check(x); }; }
  var isId = isText(64, /^[a-z0-9]+(-[a-z0-9]+)*$/);  /* as the scenario schema's ids */
  function isScore(x) { return typeof x === "number" && x >= 0 && x <= 100; }
  function isDate(x) { return isText(40, /^\d{4}-\d\d-\d\d/)(x) && !isNaN(Date.parse(x)); }
  function isRating(x) { return typeof x === "number" && x % 1 === 0 && x >= 1 && x <= 10; }
  function every(x, check) { for (var k in x) if (!check(x[k], k)) return false; return true; }
  /* An activity's answer: the options, items or lines picked, or each statement's rating. */
  function isAnswer(x) {
    return Array.isArray(x) ? x.length <= 200 && x.every(isId) :
      isObject(x) && every(x, function (v, k) { return isId(k) && isRating(v); });
  }
  /* A history's entry: the step, the choice taken (or null), an activity's score. */
  function isEntry(e) {
    return Array.isArray(e) && e.length >= 1 && e.length <= 3 && isId(e[0]) &&
      (e[1] === undefined || e[1] === null || isId(e[1])) && (e.length < 3 || e[2] === null || isScore(e[2]));
  }

  var MODULE = { need: ["hist"], fields: {
    hist: { list: isEntry, max: 1000 },  /* the player's own bound on a path */
    open: function (x) { return typeof x === "boolean"; },
    answers: { map: isAnswer },
    digest: orNull(isText(64)), started: orNull(isDate), done: orNull(isDate), score: orNull(isScore), best: orNull(isScore)
  } };
  var RECORD = { need: ["v", "modules"], fields: {
    v: function (x) { return x === VERSION; },
    modules: { map: MODULE },
    /* The learner's own words, at any length: the import limit bounds a file. */
    notes: { map: { map: function (x) { return typeof x === "string"; }, key: isText(129, /^[a-z0-9-]+\.[a-z0-9-]+$/) } },
    name: isText(200),  /* as long as the certificate's field takes */
    role: function (x) { return x === "" || isId(x); },  /* checked against the course where it is used */
    last: isId,
    exported: isDate
  } };

  function fit(node, x, path, dropped) {
    if (typeof node === "function") return node(x) ? x : undefined;
    if (node.list) {
      if (!Array.isArray(x)) return undefined;
      var n = 0;
      while (n < x.length && n < node.max && node.list(x[n])) n++;
      if (n < x.length) dropped.push(path.concat(n));
      return x.slice(0, n);
    }
    if (!isObject(x)) return undefined;
    var out = {}, mark = dropped.length;
    for (var key in x) {
      var sub = node.map ? ((node.key || isId)(key) ? node.map : null) : has(node.fields, key) ? node.fields[key] : null;
      var value = sub ? fit(sub, x[key], path.concat(key), dropped) : undefined;
      if (value !== undefined) out[key] = value;
      else if (node.need && node.need.indexOf(key) >= 0) break;
      else dropped.push(path.concat(key));
    }
    var whole = (node.need || []).every(function (k) { return has(out, k); });
    if (!whole) dropped.length = mark;  /* the object goes: its parts need no words of their own */
    return whole ? out : undefined;
  }

  /* A record checked against the schema: {record, dropped} (the paths of the parts left
     out), or null when it is no record this version can read. */
  function checkRecord(raw) {
    var dropped = [], x = fit(RECORD, raw, [], dropped);
    if (!x) return null;
    var out = emptyRecord();
    if (has(x, "name")) out.name = x.name;
    if (has(x, "role")) out.role = x.role;
    for (var id in x.modules) {
      var m = x.modules[id], answers = m.answers || {};
      out.modules[id] = {
        hist: m.hist, open: m.open === true && m.hist.length > 0, answers: answers,
        digest: m.digest || null, started: m.started || null, done: m.done || null,
        score: has(m, "score") ? m.score : null, best: has(m, "best") ? m.best : null
      };
    }
    if (has(x, "last") && has(out.modules, x.last)) out.last = x.last;
    for (var n in x.notes || {}) out.notes[n] = x.notes[n];
    return { record: out, dropped: dropped };
  }

  function holds(conds, meters, chosen) {
    for (var i = 0; i < (conds || []).length; i++) {
      var c = conds[i];
      if (c.chose) {
        if ((chosen.indexOf(c.chose) >= 0) !== c.is) return false;
      } else {
        var v = meters[c.meter];
        if (v === null || v === undefined) return false;
        if (c.min !== null && v < c.min) return false;
        if (c.max !== null && v > c.max) return false;
      }
    }
    return true;
  }

  function available(data, stepId, state) {
    return (data.steps[stepId].choices || []).filter(function (c) {
      return holds(c.when, state.meters, state.chosen);
    });
  }

  /* Skip the steps whose condition fails, as the static page says in words. */
  function resolve(data, stepId, state) {
    for (var guard = 0; guard < 1000; guard++) {
      var st = data.steps[stepId];
      if (!st) return null;
      if (!st.when || holds(st.when, state.meters, state.chosen)) return stepId;
      stepId = st.otherwise;
    }
    return null;
  }

  /* Where a history of answers leads: the step, the meters, the choices taken.
     Null when the history no longer fits the scenario (it was edited). */
  function replay(data, hist) {
    var state = { meters: {}, chosen: [], changes: {} };
    for (var m in data.meters) state.meters[m] = data.meters[m].start;
    state.step = resolve(data, data.start, state);
    for (var i = 0; i < hist.length; i++) {
      var e = hist[i], st = data.steps[state.step];
      if (!st || e[0] !== state.step || st.kind === "ending") return null;
      var next = st.next;
      state.changes = {};
      if (st.kind === "decision") {
        var choice = available(data, state.step, state).filter(function (c) { return c.id === e[1]; })[0];
        if (!choice) return null;
        choice.fx.forEach(function (fx) {
          var meter = data.meters[fx[0]], before = state.meters[fx[0]];
          var value = fx[1] === "set" ? fx[2] : (before || 0) + fx[2];
          value = Math.max(meter.min, Math.min(meter.max, value));
          state.changes[fx[0]] = before === null || before === undefined ? null : value - before;
          state.meters[fx[0]] = value;
        });
        state.chosen.push(state.step + "/" + choice.id);
        next = choice.to;
      }
      state.step = resolve(data, next, state);
      if (state.step === null) return null;
    }
    return state;
  }

  /* The whole history of a path given by its decisions only (the path that keeps trust):
     every other step on the way is simply passed. */
  function followPath(data, decisions) {
    var hist = [];
    for (var guard = 0; guard < 1000; guard++) {
      var state = replay(data, hist);
      if (!state) return hist;
      var st = data.steps[state.step];
      if (!st || st.kind === "ending") return hist;
      var pick = decisions.filter(function (d) { return d[0] === state.step; })[0];
      if (st.kind === "decision" && !pick) return hist;
      hist.push([state.step, st.kind === "decision" ? pick[1] : null]);
    }
    return hist;
  }

  function percent(right, total) { return total ? Math.round(100 * right / total) : 0; }

  /* 0..100 for an activity answer, or null for what is not scored. */
  function scoreAnswer(step, answer) {
    var i, right = 0;
    if (step.kind === "quiz") {
      var picked = answer || [];
      if (step.correct.length === 1 && !step.multiple && picked.length <= 1) {
        return picked[0] === step.correct[0] ? 100 : 0;
      }
      var options = step.options || [];
      for (i = 0; i < options.length; i++) {
        if ((picked.indexOf(options[i]) >= 0) === (step.correct.indexOf(options[i]) >= 0)) right++;
      }
      return percent(right, options.length);
    }
    if (step.kind === "order") {
      for (i = 0; i < step.items.length; i++) if ((answer || [])[i] === step.items[i]) right++;
      return percent(right, step.items.length);
    }
    if (step.kind === "spot") {
      var lines = step.lines || [];
      for (i = 0; i < lines.length; i++) {
        if (((answer || []).indexOf(lines[i]) >= 0) === (step.moves.indexOf(lines[i]) >= 0)) right++;
      }
      return percent(right, lines.length);
    }
    return null;
  }

  var OUTCOME_SCORE = { good: 100, mixed: 50, bad: 0 };

  /* A finished run's score: the mean of its scored activities and, where
     endings differ, of the ending reached. Null when nothing is scored. */
  function scoreRun(data, hist, ending) {
    var scores = [];
    hist.forEach(function (e) { if (typeof e[2] === "number") scores.push(e[2]); });
    if (data.best && ending) scores.push(OUTCOME_SCORE[data.steps[ending].ending]);
    if (!scores.length) return null;
    return Math.round(scores.reduce(function (a, b) { return a + b; }, 0) / scores.length);
  }

  function moduleState(m) {
    if (!m) return "new";
    if (m.done) return "done";
    return m.hist.length || m.open ? "started" : "new";
  }

  window.trCore = {
    tn: function (key, n, values) { return tn(key, n, values); },
    checkRecord: checkRecord, replay: replay, followPath: followPath, scoreAnswer: scoreAnswer, scoreRun: scoreRun,
    moduleState: moduleState, emptyRecord: emptyRecord, VERSION: VERSION,
    IMPORT_LIMIT: IMPORT_LIMIT, formatSize: formatSize
  };

  /* ---- Storage ---- */

  var memory = null;  /* the record this page goes on with while the browser refuses to keep it */

  function load() {
    if (memory) return memory;
    var text = null;
    try { text = window.localStorage.getItem(site.key); } catch (err) { return emptyRecord(); }
    if (text === null) return emptyRecord();
    var checked = null;
    try { checked = checkRecord(JSON.parse(text)); } catch (err) { checked = null; }
    if (checked === null) tell(t("reset_notice"));
    else if (checked.dropped.length) tell(t("record.dropped", { parts: droppedText(checked.dropped) }));
    else return checked.record;
    var record = checked ? checked.record : emptyRecord();
    save(record);  /* what was dropped is not read again */
    return record;
  }

  /* The error of a write the browser refused (its storage full or turned off), or null. */
  function store(record) {
    try { window.localStorage.setItem(site.key, JSON.stringify(record)); } catch (err) { return err; }
    memory = null;
    return null;
  }

  /* A full storage may refuse even a smaller record; a removal it never refuses. */
  function forget() {
    try { window.localStorage.removeItem(site.key); } catch (err) { /* storage turned off: nothing is kept */ }
    memory = null;
  }

  /* Where the browser refuses, this page goes on with the record in memory, and says so. */
  function save(record) {
    if (!store(record)) return;
    memory = record;
    tell(t("storage.failed"));
  }

  /* The parts of a record left out, in words: a module's whole progress or part of it, its
     notes, the name, the role, anything else. */
  function droppedText(paths) {
    var parts = [];
    paths.forEach(function (path) {
      var mod = site.modules.filter(function (m) { return m.id === path[1]; })[0];
      var name = mod ? mod.title : String(path[1]).slice(0, 40);
      var text = path[0] === "modules" ? t(path.length === 2 ? "record.module" : "record.module_part", { module: name }) :
        path[0] === "notes" ? (path.length > 1 ? t("record.notes", { module: name }) : t("record.all_notes")) :
        path[0] === "name" || path[0] === "role" ? t("record." + path[0]) : t("record.other");
      if (parts.indexOf(text) < 0) parts.push(text);
    });
    return parts.join("; ");
  }

  /* ---- Strings and formats ---- */

  function t(key, values) {
    var text = site.strings[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? values[name] : all;
    });
  }

  function lang() { return document.documentElement.lang || "en"; }

  /* A string in the plural form the page's language uses for n: key.one, key.few, ... */
  function tn(key, n, values) {
    var category = "other";
    try { category = new Intl.PluralRules(lang()).select(n); } catch (err) { /* "other" */ }
    return t(site.strings[key + "." + category] ? key + "." + category : key + ".other", values);
  }

  function formatAmount(value, meter) {
    var number = new Intl.NumberFormat(lang(), { maximumFractionDigits: 0 }).format(Math.abs(value));
    if (meter.currency && meter.words) {
      var category = new Intl.PluralRules(lang()).select(Math.abs(value));
      number += "\u00a0" + (meter.words[category] || meter.words.other || meter.currency);
    } else if (meter.currency) {
      number = new Intl.NumberFormat(lang(), {
        style: "currency", currency: meter.currency, maximumFractionDigits: 0
      }).format(Math.abs(value));
    }
    return number;
  }

  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(lang(), { dateStyle: "long" }).format(new Date(iso));
    } catch (err) { return iso.slice(0, 10); }
  }

  function formatPercent(score) {
    return new Intl.NumberFormat(lang(), { style: "percent" }).format(score / 100);
  }

  /* Megabytes, rounded up: a file just over the limit never reads as the limit. */
  function formatSize(bytes) {
    return new Intl.NumberFormat(lang(), {
      style: "unit", unit: "megabyte", maximumFractionDigits: 2, roundingMode: "ceil"
    }).format(bytes / 1048576);
  }

  function today() { return new Date().toISOString(); }

  /* ---- Small DOM helpers ---- */

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function show(el, on) { if (el) el.hidden = !on; }

  function announce(root, text) {
    var live = $(".tr-announce", root);
    if (!live) return;
    live.textContent = "";
    /* A fresh text node after a tick is announced even when it repeats. One still
       waiting is dropped: it would land after, and be read instead of, this one. */
    window.clearTimeout(live.trPending);
    live.trPending = window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function focus(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
  }

  function download(name, text, type) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  /* ---- Inside an LMS (SCORM 1.2): report to it; outside, none of this runs ---- */

  var PASS_MARK = 70;  /* a closing self-check at or above this is "passed" */

  /* The standard search: up the frames this page is in, then the window that opened it. */
  function findAPI(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      try { if (win.API) return win.API; } catch (err) { /* another origin: go on */ }
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function Lms(api, moduleId) {
    this.api = api;
    this.module = moduleId;
    this.started = Date.now();
    this.open = api.LMSInitialize("") === "true";
  }

  Lms.find = function (moduleId) {
    var api = findAPI(window);
    if (!api && window.opener) api = findAPI(window.opener);
    return api && typeof api.LMSInitialize === "function" ? new Lms(api, moduleId) : null;
  };

  Lms.prototype.get = function (key) { return this.open ? String(this.api.LMSGetValue(key) || "") : ""; };
  Lms.prototype.set = function (key, value) { if (this.open) this.api.LMSSetValue(key, String(value)); };
  Lms.prototype.commit = function () { if (this.open) this.api.LMSCommit(""); };

  /* The module's record as the LMS keeps it: suspend data (4,096 characters in SCORM 1.2). */
  Lms.prototype.restore = function (record) {
    var saved = null;
    try { saved = JSON.parse(this.get("cmi.suspend_data")); } catch (err) { saved = null; }
    var checked = saved && checkRecord({ v: VERSION, modules: saved.m || {}, notes: saved.n || {} });
    if (!checked) return false;
    if (checked.dropped.length) tell(t("record.dropped", { parts: droppedText(checked.dropped) }));
    var clean = checked.record;
    for (var id in clean.modules) record.modules[id] = clean.modules[id];
    for (var n in clean.notes) record.notes[n] = clean.notes[n];
    return true;
  };

  Lms.prototype.save = function (record, step) {
    var mine = {}, notes = {};
    if (record.modules[this.module]) mine[this.module] = record.modules[this.module];
    if (record.notes[this.module]) notes[this.module] = record.notes[this.module];
    var data = JSON.stringify({ m: mine, n: notes });
    if (data.length > 4096) data = JSON.stringify({ m: mine });  /* notes stay in the browser */
    if (data.length <= 4096) this.set("cmi.suspend_data", data);
    this.set("cmi.core.lesson_location", step.slice(0, 255));
    var status = this.get("cmi.core.lesson_status");
    if (status === "not attempted" || status === "") this.set("cmi.core.lesson_status", "incomplete");
    this.commit();
  };

  /* SCORM 1.2 names each possible answer by one character, 0-9 or a-z: here the letter
     the player shows beside it (A, B, C...), and for lines and items their place in the
     scenario. Null past z, where SCORM 1.2 asks for a "performance" interaction instead. */
  function letters(ids, all) {
    var out = [];
    for (var i = 0; i < ids.length; i++) {
      var n = all.indexOf(ids[i]);
      if (n < 0 || n > 25) return null;
      out.push(String.fromCharCode(97 + n));
    }
    return out.join(",");
  }

  /* A decision, or a checked quiz, order or spot, as an interaction: what the learner
     answered, what was right, and the result. A decision off the path that keeps trust
     has no right answer: SCORM 1.2's likert, whose right answer is left blank. */
  Lms.prototype.interaction = function (data, entry, answer) {
    var step = data.steps[entry[0]], type = "choice", ids, given, right, result;
    if (entry[1]) {
      var best = (data.best || []).filter(function (b) { return b[0] === entry[0]; })[0];
      ids = step.choices.map(function (c) { return c.id; });
      given = [entry[1]];
      right = best ? [best[1]] : [];
      result = best ? (best[1] === entry[1] ? "correct" : "wrong") : "neutral";
      if (!best) type = "likert";
    } else if (typeof entry[2] === "number" && Array.isArray(answer)) {
      ids = { quiz: step.options, spot: step.lines, order: step.items }[step.kind];
      given = answer;
      right = { quiz: step.correct, spot: step.moves, order: step.items }[step.kind];
      result = entry[2] === 100 ? "correct" : "wrong";
      if (step.kind === "order") type = "sequencing";
    } else {
      return;
    }
    var response = letters(given, ids || []), pattern = letters(right, ids || []);
    if (response === null || pattern === null) {
      type = "performance";
      response = given.join(",").slice(0, 255);
      pattern = right.join(",").slice(0, 255);
    }
    var n = Number(this.get("cmi.interactions._count") || 0), base = "cmi.interactions." + n + ".";
    this.set(base + "id", entry[0].slice(0, 255));
    this.set(base + "type", type);
    this.set(base + "student_response", response);
    this.set(base + "correct_responses.0.pattern", pattern);
    this.set(base + "result", result);
    this.set(base + "time", new Date().toTimeString().slice(0, 8));
  };

  Lms.prototype.complete = function (score, graded) {
    if (score !== null) {
      this.set("cmi.core.score.min", 0);
      this.set("cmi.core.score.max", 100);
      this.set("cmi.core.score.raw", score);
    }
    var status = graded && score !== null ? (score >= PASS_MARK ? "passed" : "failed") : "completed";
    this.set("cmi.core.lesson_status", status);
    this.commit();
  };

  Lms.prototype.finish = function (done) {
    if (!this.open) return;
    var s = Math.round((Date.now() - this.started) / 1000);
    var pad = function (x) { return (x < 10 ? "0" : "") + x; };
    this.set("cmi.core.session_time", pad(Math.floor(s / 3600)) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60));
    this.set("cmi.core.exit", done ? "" : "suspend");
    this.commit();
    this.api.LMSFinish("");
    this.open = false;
  };

  /* ---- The scenario player ---- */

  var ACTIVITIES = ["quiz", "order", "spot", "assess"];

  function Player(root, data) {
    this.root = root;
    this.data = data;
    this.record = load();
    this.stepIds = Object.keys(data.steps);
    var steps = data.steps;
    /* Options and lines in page order, for scoring the same way everywhere. */
    this.stepIds.forEach(function (id) {
      var st = steps[id], section = $("#step-" + id, root);
      if (st.kind === "quiz") {
        st.options = $$(".tr-option", section).map(function (o) { return o.getAttribute("data-option"); });
        st.multiple = $(".tr-quiz", section).getAttribute("data-multiple") === "true";
      }
      if (st.kind === "spot") st.lines = $$(".tr-line", section).map(function (l) { return l.getAttribute("data-line"); });
    });
  }

  Player.prototype.module = function () {
    var m = this.record.modules[this.data.id];
    if (!m) {
      m = { hist: [], open: false, answers: {}, started: null, done: null, score: null, best: null,
            digest: this.data.digest };
      this.record.modules[this.data.id] = m;
    }
    return m;
  };

  Player.prototype.start = function () {
    this.lms = Lms.find(this.data.id);
    if (this.lms && this.lms.restore(this.record)) save(this.record);
    var root = this.root, m = this.record.modules[this.data.id];
    root.classList.add("tr-live");
    show($(".tr-player-bar", root), true);
    $$(".tr-check, .tr-buttons, .tr-notes, .tr-hint, .tr-order__tools, .tr-scale__points", root)
      .forEach(function (el) { show(el, true); });
    if (m) this.repair(m);
    this.fillNotes();
    this.render(false);
    if (m && m.hist.length && !told.length) announce(root, t("resumed"));
  };

  /* A stored path that no longer fits the scenario. When the scenario's structure
     changed since (its digest differs), the module starts again and the learner is
     told. Otherwise the record was damaged: what still fits is kept, quietly. An answer
     of a form its step cannot take (a list for a rating, a rating for a quiz) is dropped,
     and the learner told. */
  Player.prototype.repair = function (m) {
    var fits = m.hist.length, steps = this.data.steps, id = this.data.id, dropped = [];
    Object.keys(m.answers).forEach(function (step) {
      var st = steps[step], a = m.answers[step];
      if (!st || ACTIVITIES.indexOf(st.kind) < 0) return;
      if (st.kind === "assess" ? !isObject(a) || !every(a, function (v) { return v <= st.scale; }) : !Array.isArray(a)) {
        delete m.answers[step];
        dropped.push(["modules", id, "answers", step]);
      }
    });
    if (dropped.length) tell(t("record.dropped", { parts: droppedText(dropped) }));
    while (fits > 0 && !replay(this.data, m.hist.slice(0, fits))) fits--;
    var changed = dropped.length || fits < m.hist.length || m.digest !== this.data.digest;
    if (fits < m.hist.length && m.digest && m.digest !== this.data.digest) {
      tell(t("module_reset_notice"));
      delete this.record.modules[id];
    } else if (fits < m.hist.length) {
      m.hist = m.hist.slice(0, fits);
      m.open = false;
    }
    if (this.record.modules[id]) m.digest = this.data.digest;
    if (changed) save(this.record);
  };

  /* The record as stored (another tab may have moved on, or written what does not fit). */
  Player.prototype.reload = function () {
    this.record = load();
    var m = this.record.modules[this.data.id];
    if (m) this.repair(m);
  };

  Player.prototype.state = function () {
    return replay(this.data, this.module().hist) || replay(this.data, []);
  };

  /* The step on screen: the last answered one while its consequence is open. */
  Player.prototype.viewStep = function (state) {
    var m = this.module();
    return m.open && m.hist.length ? m.hist[m.hist.length - 1][0] : state.step;
  };

  Player.prototype.title = function (stepId) {
    var h = $("#step-" + stepId + " h3", this.root).cloneNode(true);
    $$(".headerlink", h).forEach(function (a) { a.remove(); });
    return h.textContent.trim();
  };

  /* Before any action: the record as stored (another tab may have moved on), and the
     step on screen, or null when the action came from a step no longer current. */
  Player.prototype.fresh = function (stepId) {
    this.reload();
    var view = this.viewStep(this.state());
    if (stepId && stepId !== view) {
      this.render(false);
      return null;
    }
    return view;
  };

  Player.prototype.render = function (moveFocus) {
    var root = this.root, data = this.data, m = this.module(), state = this.state();
    var view = this.viewStep(state), st = data.steps[view];
    var open = !!(m.open && m.hist.length && m.hist[m.hist.length - 1][0] === view);
    var before = open ? replay(data, m.hist.slice(0, -1)) || state : state;
    $$(".tr-step", root).forEach(function (section) {
      section.hidden = section.getAttribute("data-step") !== view;
    });
    var section = $("#step-" + view, root);
    section.classList.toggle("is-checked", open);
    var answerable = st.kind === "decision" || ACTIVITIES.indexOf(st.kind) >= 0;
    show($(".tr-continue", section), st.kind !== "ending" && (open || !answerable));
    show($("[data-tr=retry]", section), open);
    show($(".tr-check", section), !open && ACTIVITIES.indexOf(st.kind) >= 0);
    show($(".tr-check__msg", section), false);
    if (st.kind === "decision") this.renderDecision(section, before, open ? m.hist[m.hist.length - 1][1] : null);
    else if (st.kind !== "ending") this.renderActivity(section, st, view, open);
    var finished = st.kind === "ending";
    root.classList.toggle("tr-finished", finished);
    $(".tr-player-bar [data-tr=back]", root).disabled = m.hist.length === 0;
    $(".tr-player-bar [data-tr=restart]", root).disabled = m.hist.length === 0;
    this.renderMeters(open ? state : null, state);
    show($(".tr-end", root), finished);
    if (finished) this.finish(view, state);
    updateLanguageLinks();
    if (moveFocus) {
      var target = finished ? $("h3", section) :
        open ? ($(".tr-choice.is-chosen", section) || $(".tr-result", section) || $(".tr-chart", section) || section) :
          $("h3", section);
      focus(target);
      if (open) this.reveal($(".tr-continue", section), target);
    }
  };

  /* Continue in view below what was just shown, unless that would push the start of it
     off the screen; above the meters when they stay at the foot of the window. */
  Player.prototype.reveal = function (button, shown) {
    if (!button || button.hidden) return;
    var hud = $(".tr-hud", this.root);
    var foot = hud && !hud.hidden && getComputedStyle(hud).position === "sticky" ? hud.offsetHeight : 0;
    var below = button.getBoundingClientRect().bottom - (window.innerHeight - foot) + 8;
    var room = shown.getBoundingClientRect().top - 64;
    if (below > 0 && room > 0) window.scrollBy(0, Math.min(below, room));
  };

  Player.prototype.renderDecision = function (section, state, chosen) {
    var ids = available(this.data, section.getAttribute("data-step"), state).map(function (c) { return c.id; });
    /* An answered step keeps its choices on screen, locked, the one taken marked. */
    $$(".tr-choose", section).forEach(function (b) {
      var id = b.getAttribute("data-choice");
      show(b, ids.indexOf(id) >= 0 || id === chosen);
      b.disabled = !!chosen;
      b.setAttribute("aria-pressed", String(id === chosen));
      b.classList.toggle("is-chosen", id === chosen);
    });
    $$(".tr-choice", section).forEach(function (c) {
      c.classList.toggle("is-chosen", c.getAttribute("data-choice") === chosen);
    });
    section.classList.toggle("has-chosen", !!chosen);
  };

  Player.prototype.answer = function (stepId) { return this.module().answers[stepId]; };

  Player.prototype.renderActivity = function (section, st, stepId, checked) {
    var answer = this.answer(stepId);
    $$("input, textarea", section).forEach(function (input) {
      if (!input.hasAttribute("data-note")) input.disabled = checked;
    });
    $$(".tr-order__tools button", section).forEach(function (b) { b.disabled = checked; });
    if (st.kind === "quiz" || st.kind === "spot") {
      $$("input", section).forEach(function (input) {
        input.checked = !!answer && answer.indexOf(input.value) >= 0;
      });
    }
    if (st.kind === "order") {
      var list = $(".tr-order", section);
      (answer || []).forEach(function (id) {
        var li = $("li[data-item='" + id + "']", list);
        if (li) list.appendChild(li);
      });
      $$("li", list).forEach(function (li, i) {
        var verdict = $(".tr-order__verdict", li), right = st.items.indexOf(li.getAttribute("data-item"));
        verdict.textContent = !checked ? "" : right === i ? t("order.in_place") : t("order.belongs", { n: right + 1 });
        li.classList.toggle("is-right", checked && right === i);
        li.classList.toggle("is-wrong", checked && right !== i);
      });
    }
    if (st.kind === "spot") {
      $$(".tr-line", section).forEach(function (line) {
        var marked = !!answer && answer.indexOf(line.getAttribute("data-line")) >= 0;
        var ok = marked === (line.getAttribute("data-move") === "true");
        line.classList.toggle("is-right", checked && ok);
        line.classList.toggle("is-wrong", checked && !ok);
        var verdict = $(".tr-line__verdict", line);
        verdict.textContent = checked ? t(ok ? "spot.mark_right" : "spot.mark_wrong") : "";
        show(verdict, checked);
      });
    }
    if (st.kind === "quiz") {
      /* The learner's own picks stay ticked and say, in words, whether they were right. */
      $$(".tr-option", section).forEach(function (o) {
        var picked = !!answer && answer.indexOf(o.getAttribute("data-option")) >= 0;
        var correct = o.getAttribute("data-correct") === "true";
        o.classList.toggle("is-picked", picked);
        o.classList.toggle("is-right", checked && correct);
        o.classList.toggle("is-wrong", checked && picked && !correct);
        var verdict = $(".tr-option__verdict", o), key = !checked ? "" :
          picked ? (correct ? "quiz.picked_right" : "quiz.picked_wrong") : correct ? "quiz.missed" : "";
        verdict.textContent = key ? t(key) : "";
        show(verdict, !!key);
      });
    }
    if (st.kind === "assess") {
      $$(".tr-scale input", section).forEach(function (input) {
        var statement = input.closest(".tr-scale").getAttribute("data-statement");
        input.checked = !!answer && String(answer[statement]) === input.value;
      });
      var chart = $(".tr-chart", section);
      show(chart, checked);
      if (checked) drawChart(chart, st, answer || {}, section);
    }
    var result = $(".tr-result", section);
    if (checked && ["quiz", "order", "spot"].indexOf(st.kind) >= 0) {
      if (!result) {
        result = document.createElement("p");
        result.className = "tr-result";
        $(".tr-check", section).insertAdjacentElement("afterend", result);
      }
      result.textContent = this.resultText(st, stepId);
    }
    show(result, checked);
  };

  Player.prototype.resultText = function (st, stepId) {
    var m = this.module(), entry = m.hist[m.hist.length - 1];
    var score = entry && entry[0] === stepId ? entry[2] : scoreAnswer(st, this.answer(stepId));
    return t(score === 100 ? "result.all_right" : "result.partly", { score: formatPercent(score) });
  };

  /* A score (trust) is a bar from its minimum to its maximum; an amount (the money
     paid) is an amount. A meter not yet set is not shown. */
  Player.prototype.renderMeters = function (changedState, state) {
    var data = this.data, any = false;
    $$(".tr-hud__meter", this.root).forEach(function (p) {
      var id = p.getAttribute("data-meter"), meter = data.meters[id], value = state.meters[id];
      var set = value !== null && value !== undefined;
      show(p, set);
      any = any || set;
      if (!set) return;
      $(".tr-hud__value", p).textContent = formatAmount(value, meter);
      var change = changedState ? changedState.changes[id] : undefined;
      $(".tr-hud__change", p).textContent = change ? "(" + (change > 0 ? "+" : "\u2212") + formatAmount(change, meter) + ")" : "";
      var bar = $(".tr-hud__bar > span", p);
      if (bar) bar.style.width = (100 * (value - meter.min) / (meter.max - meter.min)) + "%";
    });
    show($(".tr-hud", this.root), any);
  };

  Player.prototype.meterSummary = function (state) {
    var data = this.data;
    return $$(".tr-hud__meter", this.root).map(function (p) {
      var id = p.getAttribute("data-meter"), change = state.changes[id];
      if (change === undefined) return "";
      return $(".tr-hud__name", p).textContent + " " + $(".tr-hud__value", p).textContent +
        (change ? " (" + (change > 0 ? "+" : "\u2212") + formatAmount(change, data.meters[id]) + ")" : "");
    }).filter(Boolean).join("; ");
  };

  /* ``later``: the step is left at once, and the LMS told then (see proceed). */
  Player.prototype.commit = function (entry, later) {
    var m = this.module();
    if (!m.started) m.started = today();
    m.hist.push(entry);
    m.open = true;
    m.digest = this.data.digest;
    this.record.last = this.data.id;
    save(this.record);
    if (this.lms) {
      this.lms.interaction(this.data, entry, m.answers[entry[0]]);
      if (!later) this.lms.save(this.record, entry[0]);
    }
  };

  Player.prototype.choose = function (stepId, choiceId) {
    var view = this.fresh(stepId), m = this.module();
    if (view === null || m.open || this.data.steps[view].kind !== "decision") return;  /* answered: locked */
    var offered = available(this.data, view, this.state()).some(function (c) { return c.id === choiceId; });
    if (!offered) return;
    this.commit([view, choiceId]);
    this.render(true);
    var state = this.state(), section = $("#step-" + view, this.root);
    var label = $(".tr-choose[data-choice='" + choiceId + "']", section).textContent;
    var consequence = $(".tr-choice.is-chosen", section);
    var text = t("chose", { label: label }) + " " + this.meterSummary(state);
    var story = consequence ? $$("p:not(.tr-next):not(.tr-effects)", consequence).map(function (p) { return p.textContent; }).join(" ") : "";
    announce(this.root, text + " " + story);
  };

  /* Checking with something missing says so beside the button, and aloud. */
  Player.prototype.missing = function (section, key) {
    var msg = $(".tr-check__msg", section);
    msg.textContent = t(key);
    show(msg, true);
    announce(this.root, t(key));
  };

  Player.prototype.check = function (stepId) {
    var view = this.fresh(stepId), m = this.module();
    if (view === null || m.open) return;
    var st = this.data.steps[view], section = $("#step-" + view, this.root), answer;
    if (ACTIVITIES.indexOf(st.kind) < 0) return;
    if (st.kind === "quiz" || st.kind === "spot") {
      answer = $$("input:checked", section).map(function (i) { return i.value; });
      if (!answer.length) return this.missing(section, st.kind === "quiz" ? "answer_first" : "mark_first");
    } else if (st.kind === "order") {
      answer = $$(".tr-order li", section).map(function (li) { return li.getAttribute("data-item"); });
    } else {
      answer = {};
      $$(".tr-scale input:checked", section).forEach(function (input) {
        answer[input.closest(".tr-scale").getAttribute("data-statement")] = Number(input.value);
      });
      if (Object.keys(answer).length < $$(".tr-scale", section).length) return this.missing(section, "rate_all");
    }
    m.answers[view] = answer;
    this.commit([view, null, scoreAnswer(st, answer)]);
    this.render(true);
    var result = $(".tr-result", section) || $(".tr-chart", section);
    if (st.kind === "assess") $(".tr-chart", section).scrollIntoView({ block: "nearest" });
    announce(this.root, result ? result.textContent : "");
  };

  Player.prototype.proceed = function (stepId) {
    var view = this.fresh(stepId), m = this.module();
    if (view === null) return;
    var kind = this.data.steps[view].kind;
    if (kind === "ending" || (!m.open && (kind === "decision" || ACTIVITIES.indexOf(kind) >= 0))) return;
    if (!m.open) this.commit([view, null], true);  /* a passage or reflection: nothing to check */
    m.open = false;
    save(this.record);
    /* At every step, so that a learner who leaves comes back to the step she went on to. */
    if (this.lms) this.lms.save(this.record, this.viewStep(this.state()));
    this.render(true);
    announce(this.root, this.title(this.viewStep(this.state())));
  };

  /* Another answer to the step on screen: its answer is taken back, as if never given. */
  Player.prototype.retry = function (stepId) {
    var view = this.fresh(stepId), m = this.module();
    if (view === null || !m.open) return;
    m.hist.pop();
    m.open = false;
    save(this.record);
    if (this.lms) this.lms.save(this.record, view);
    this.render(false);
    var section = $("#step-" + view, this.root);
    focus($(".tr-choose:not([hidden])", section) || $("input", section) || $(".tr-order button", section) || $("h3", section));
    announce(this.root, t("retried", { title: this.title(view) }));
  };

  /* To the step before the one on screen, unanswered. */
  Player.prototype.back = function () {
    this.reload();
    var m = this.module();
    if (!m.hist.length) return;
    if (m.open && m.hist.length > 1) m.hist.pop();
    m.hist.pop();
    m.open = false;
    save(this.record);
    if (this.lms) this.lms.save(this.record, this.state().step);
    this.render(true);
    announce(this.root, t("went_back", { title: this.title(this.viewStep(this.state())) }));
  };

  Player.prototype.restart = function () {
    this.reload();
    var m = this.module();
    if (!m.hist.length || !window.confirm(t("restart.confirm"))) return;
    this.reload();
    m = this.module();
    m.hist = [];
    m.open = false;
    m.answers = {};
    save(this.record);
    if (this.lms) this.lms.save(this.record, this.viewStep(this.state()));
    this.render(true);
    announce(this.root, t("restarted"));
  };

  Player.prototype.move = function (li, delta) {
    var section = li.closest(".tr-step"), view = this.fresh(section.getAttribute("data-step"));
    if (view === null || this.module().open) return;
    var list = li.parentNode, items = $$("li", list), i = items.indexOf(li), j = i + delta;
    if (j < 0 || j >= items.length) return;
    if (delta < 0) list.insertBefore(li, items[j]);
    else list.insertBefore(li, items[j].nextSibling);
    this.module().answers[view] = $$("li", list).map(function (x) { return x.getAttribute("data-item"); });
    save(this.record);
    var button = $("[data-move='" + delta + "']", li);
    if (button.disabled || j === 0 || j === items.length - 1) button = $("[data-move='" + -delta + "']", li);
    button.focus();
    announce(this.root, t("order.moved", {
      item: $(".tr-order__text", li).textContent, n: j + 1, total: items.length
    }));
  };

  Player.prototype.finish = function (ending, state) {
    var m = this.module();
    var score = scoreRun(this.data, m.hist, ending);
    if (!m.done) m.done = today();
    m.score = score;
    if (score !== null && (m.best === null || score > m.best)) m.best = score;
    save(this.record);
    if (this.lms) {
      this.lms.save(this.record, ending);
      this.lms.complete(score, this.data.graded);
    }
    this.renderEnd(ending, score, state);
  };

  /* The ending screen: how it ended (in words and a mark), the score, the meters
     against the path that keeps trust, both paths step by step, and where to go next. */
  Player.prototype.renderEnd = function (ending, score, state) {
    var root = this.root, data = this.data, kind = data.steps[ending].ending;
    var outcome = $(".tr-end__outcome", root);
    outcome.textContent = MARKS[kind] + " " + t("outcome." + kind);
    outcome.setAttribute("data-ending", kind);
    var scoreLine = $(".tr-end__score", root);
    scoreLine.textContent = score === null ? "" : t("end.score", { score: formatPercent(score) });
    show(scoreLine, score !== null);
    var best = data.best ? replay(data, followPath(data, data.best)) : null;
    drawMeters($(".tr-end__meters", root), this, state, best);
    drawMap($(".tr-map", root), this, ending);
    var all = site.modules.every(function (mod) { return moduleState(this.record.modules[mod.id]) === "done"; }, this);
    show($(".tr-end__module", root), !all);
    show($(".tr-end__done", root), all);
  };

  Player.prototype.fillNotes = function () {
    var notes = this.record.notes[this.data.id] || {};
    $$("textarea[data-note]", this.root).forEach(function (area) {
      area.value = notes[area.getAttribute("data-note")] || "";
      mirror(area);
    });
  };

  Player.prototype.saveNote = function (area) {
    this.reload();
    var all = this.record.notes;
    all[this.data.id] = all[this.data.id] || {};
    all[this.data.id][area.getAttribute("data-note")] = area.value;
    save(this.record);
    mirror(area);
    var status = $(".tr-notes__saved", area.closest(".tr-notes"));
    if (status && !status.textContent) status.textContent = t("notes.saved");
  };

  function mirror(area) {
    var copy = area.parentNode.querySelector(".tr-note__print");
    if (copy) copy.textContent = area.value;
  }

  /* ---- The ending's drawings: meters, the path map, the self-assessment chart ---- */

  var MARKS = { good: "\u2713", mixed: "~", bad: "\u2717" };

  function el(name, className, text, parent) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function drawMeters(box, player, state, best) {
    box.textContent = "";
    var data = player.data, rows = Object.keys(data.meters).filter(function (id) {
      return state.meters[id] !== null && state.meters[id] !== undefined;
    });
    show(box, rows.length > 0);
    if (!rows.length) return;
    var table = el("table", "tr-end__table", undefined, box);
    var head = el("tr", "", undefined, el("thead", "", undefined, table));
    [t("end.meter"), t("map.yours"), best ? t("map.best") : null].forEach(function (text) {
      if (text === null) return;
      el("th", "", text, head).setAttribute("scope", "col");
    });
    var body = el("tbody", "", undefined, table);
    rows.forEach(function (id) {
      var tr = el("tr", "", undefined, body), name = $(".tr-hud__meter[data-meter='" + id + "'] .tr-hud__name", player.root);
      el("th", "", name ? name.textContent.replace(/:\s*$/, "") : id, tr).setAttribute("scope", "row");
      /* On a phone each row becomes a card, every value named by its column. */
      el("td", "", formatAmount(state.meters[id], data.meters[id]), tr).setAttribute("data-label", t("map.yours"));
      if (best) {
        var v = best.meters[id];
        el("td", "", v === null || v === undefined ? "\u2014" : formatAmount(v, data.meters[id]), tr)
          .setAttribute("data-label", t("map.best"));
      }
    });
  }

  /* One path as a list of its steps: title, the choice taken, whether the path that
     keeps trust did the same (said in words, not by colour). */
  function pathList(player, pairs, other) {
    var data = player.data, list = el("ol", "tr-map__path");
    pairs.forEach(function (pair) {
      var st = data.steps[pair[0]], li = el("li", "tr-map__step", undefined, list);
      if (st.kind === "ending") {
        li.classList.add("tr-map__step--" + st.ending);
        el("span", "tr-map__title", MARKS[st.ending] + " " + player.title(pair[0]), li);
        return;
      }
      el("span", "tr-map__title", t("map.step", { n: player.stepIds.indexOf(pair[0]) + 1 }) + " \u00b7 " +
        player.title(pair[0]).replace(/^[^.]*\.\s*/, ""), li);
      if (pair[1]) {
        var button = $("#step-" + pair[0] + " .tr-choose[data-choice='" + pair[1] + "']", player.root);
        el("span", "tr-map__choice", button ? button.textContent : pair[1], li);
      }
      if (other && st.kind === "decision") {
        var same = other.some(function (o) { return o[0] === pair[0] && o[1] === pair[1]; });
        li.classList.add(same ? "is-same" : "is-different");
        el("span", "tr-map__mark", same ? t("map.same") : t("map.different"), li);
      }
    });
    return list;
  }

  function drawMap(box, player, ending) {
    var m = player.module();
    var mine = m.hist.map(function (e) { return [e[0], e[1] || null]; });
    mine.push([ending, null]);
    var best = player.data.best;
    box.textContent = "";
    el("h3", "", best ? t("map.title") : t("map.yours"), box);
    if (best) el("p", "tr-map__legend", t("map.legend"), box);
    var cols = el("div", "tr-map__cols", undefined, box);
    var yours = el("div", "tr-map__col", undefined, cols);
    el("h4", "", t("map.yours"), yours);
    yours.appendChild(pathList(player, mine, best));
    if (best) {
      var theirs = el("div", "tr-map__col", undefined, cols);
      el("h4", "", t("map.best"), theirs);
      theirs.appendChild(pathList(player, best, null));
    }
  }

  /* Each group's mean on the scale, with its name, its value and the scale's ends. */
  function drawChart(box, st, answer, section) {
    box.textContent = "";
    var format = new Intl.NumberFormat(lang(), { maximumFractionDigits: 1 });
    el("p", "tr-chart__title", t("assess.chart", { max: st.scale }), box);
    var list = el("ul", "tr-chart__rows", undefined, box);
    st.groups.forEach(function (g) {
      var values = g[1].map(function (s) { return answer[s] || 0; });
      var mean = Math.round(10 * values.reduce(function (a, b) { return a + b; }, 0) / values.length) / 10;
      var name = $(".tr-assess-group[data-group='" + g[0] + "'] legend", section).textContent;
      var li = el("li", "tr-chart__row", undefined, list);
      el("span", "tr-chart__name", name, li);
      var track = el("span", "tr-chart__track", undefined, li);
      track.setAttribute("aria-hidden", "true");
      el("span", "tr-chart__bar", undefined, track).style.width = (100 * (mean - 1) / (st.scale - 1)) + "%";
      el("span", "tr-chart__value", t("assess.value", { value: format.format(mean), max: st.scale }), li);
    });
    var axis = el("p", "tr-chart__axis", undefined, box);
    axis.setAttribute("aria-hidden", "true");
    el("span", "", "1", axis);
    el("span", "", String(st.scale), axis);
  }

  /* ---- Home, progress and certificate pages ---- */

  function stateText(m) {
    var state = moduleState(m);
    if (state !== "done") return t("state." + state);
    return m.best === null ? t("state.done") : t("state.done_score", { score: formatPercent(m.best) });
  }

  function renderProgress(record) {
    var done = 0;
    site.modules.forEach(function (mod) {
      var m = record.modules[mod.id];
      if (moduleState(m) === "done") done++;
      $$("[data-tr-state='" + mod.id + "']").forEach(function (el) {
        el.textContent = stateText(m);
        el.setAttribute("data-state", moduleState(m));
        show(el, true);
      });
      $$("[data-tr-date='" + mod.id + "']").forEach(function (el) { el.textContent = m && m.done ? formatDate(m.done) : "—"; });
      $$("[data-tr-score='" + mod.id + "']").forEach(function (el) {
        el.textContent = m && m.best !== null && m.best !== undefined ? formatPercent(m.best) : "—";
      });
      $$("[data-tr-cert-row='" + mod.id + "']").forEach(function (row) { show(row, !!(m && m.done)); });
    });
    $$(".tr-total").forEach(function (el) {
      el.textContent = tn("total", done, { done: done, total: site.modules.length });
      show(el, true);
    });
    renderCertificate(record, done);
    $$(".tr-js-tools").forEach(function (el) { show(el, true); });
    renderHome(record);
  }

  /* Where "Continue" leads among the modules of `path` (ids in order): the module the
     learner last acted in, else the one most recently started, else the next one not
     done after the last, else the first not done; null when all are done. */
  function nextModule(record, path) {
    var open = path.filter(function (id) { return moduleState(record.modules[id]) !== "done"; });
    if (!open.length) return null;
    if (open.indexOf(record.last) >= 0) return record.last;
    var started = open.filter(function (id) { return moduleState(record.modules[id]) === "started"; });
    started.sort(function (a, b) {
      return String(record.modules[b].started || "").localeCompare(String(record.modules[a].started || ""));
    });
    if (started.length) return started[0];
    var after = path.indexOf(record.last);
    for (var i = after + 1; i < path.length && after >= 0; i++) if (open.indexOf(path[i]) >= 0) return path[i];
    return open[0];
  }

  /* The home page: the chosen role's path as cards in its order (the others hidden),
     its progress, and one button to where the learner goes next. */
  function renderHome(record) {
    var home = $("[data-tr-home]");
    if (!home) return;
    var list = $(".tr-cards", home), select = $("#tr-role", home), paths = {};
    var cards = {}, ids = $$("[data-tr-module]", home).map(function (card) {
      cards[card.getAttribute("data-tr-module")] = card;
      return card.getAttribute("data-tr-module");
    });
    var all = home.trOrder = home.trOrder || ids;  /* the course's order, before any role moved the cards */
    $$("option[data-tr-path]", home).forEach(function (o) { paths[o.value] = o.getAttribute("data-tr-path").split(" "); });
    var role = paths.hasOwnProperty(record.role) ? record.role : "";  /* unknown or old: the whole course */
    var path = role ? paths[role] : all;
    /* Moved in the document, not by CSS order, so reading and Tab order follow the path. */
    path.concat(all.filter(function (id) { return path.indexOf(id) < 0; })).forEach(function (id) {
      list.appendChild(cards[id]);
      show(cards[id], path.indexOf(id) >= 0);
    });
    var done = path.filter(function (id) { return moduleState(record.modules[id]) === "done"; }).length;
    var total = tn("total", done, { done: done, total: path.length });
    $(".tr-home__total", home).textContent = total;
    var meter = $(".tr-home__meter", home);
    meter.setAttribute("aria-valuemax", path.length);
    meter.setAttribute("aria-valuenow", done);
    meter.setAttribute("aria-valuetext", total);
    $(".tr-home__fill", home).style.width = percent(done, path.length) + "%";
    var next = nextModule(record, path), go = $(".tr-home__go", home);
    all.forEach(function (id) { cards[id].classList.toggle("is-next", id === next); });
    if (next) {
      var link = $("h3 a", cards[next]), going = moduleState(record.modules[next]) === "started";
      go.href = link.getAttribute("href") + (going ? "#tr-player" : "");
      $(".tr-home__verb", go).textContent = t(going ? "home.continue" : "home.start");
      $(".tr-home__target", go).textContent = link.textContent;
    } else {
      go.href = home.getAttribute("data-tr-cert");
      $(".tr-home__verb", go).textContent = t(role ? "home.path_complete" : "home.complete");
      $(".tr-home__target", go).textContent = t("home.certificate");
    }
    go.classList.toggle("is-done", !next);
    if (select) {
      select.value = role;
      $(".tr-home__sum", home).textContent = select.selectedOptions[0].getAttribute("data-tr-total");
      show($(".tr-home__filter", home), true);
      $(".tr-home__paths", home).hidden = true;  /* the filter shows the same paths */
    }
    show($(".tr-home__status", home), true);
  }

  /* The certificate's number: a digest of what it states (course, name, each module
     done and when), so the same record always prints the same number and another name
     or another module gives another. It identifies a printout; it proves nothing. */
  function certNumber(record) {
    var parts = [site.key, (record.name || "").trim().replace(/\s+/g, " ")];
    site.modules.forEach(function (mod) {
      var m = record.modules[mod.id];
      if (m && m.done) parts.push(mod.id + "@" + m.done);
    });
    var text = parts.join("\n");
    var a = 0x811c9dc5, b = 0x1b873593, i, c;  /* FNV-1a and a second, differently mixed, 32-bit hash */
    for (i = 0; i < text.length; i++) {
      c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 16777619) >>> 0;
      b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
      b = (b ^ (b >>> 15)) >>> 0;
    }
    var abc = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  /* no I, L, O, U: read aloud without doubt */
    var out = "";
    for (i = 0; i < 4; i++) out += abc[(a >>> (5 * i)) & 31];
    out += "-";
    for (i = 0; i < 4; i++) out += abc[(b >>> (5 * i)) & 31];
    return "TR-" + out;
  }

  function renderCertificate(record, done) {
    var cert = $(".tr-certificate");
    if (!cert) return;
    $(".tr-certificate__name", cert).textContent = record.name || "";
    $(".tr-certificate__date", cert).textContent = t("cert.date", { date: formatDate(today()) });
    $("[data-tr-cert-number]", cert).textContent = certNumber(record);
    cert.classList.toggle("tr-certificate--long", done > 6);  /* smaller type keeps it one page */
    show($(".tr-certificate__none"), done === 0);
    show(cert, done > 0);
    var input = $("#tr-name");
    if (input && document.activeElement !== input) input.value = record.name || "";
  }

  function notesText(record) {
    var out = [site.name, ""];
    site.modules.forEach(function (mod) {
      var notes = record.notes[mod.id] || {}, lines = [];
      Object.keys(mod.prompts || {}).forEach(function (key) {
        if (notes[key]) lines.push(mod.prompts[key], notes[key], "");
      });
      if (lines.length) out.push("# " + mod.title, "", lines.join("\n"));
    });
    return out.join("\n");
  }

  function exportProgress() {
    var record = Object.assign({}, load(), { exported: today() });
    download("training-progress-" + today().slice(0, 10) + ".json", JSON.stringify(record, null, 2),
      "application/json");
  }

  function isEmpty(record) {
    return !Object.keys(record.modules).length && !Object.keys(record.notes).length && !record.name;
  }

  /* An imported record replaces the stored one only once the browser has kept it; what
     the file held that the schema refuses is left out, and named. */
  function importProgress(input) {
    var file = input.files && input.files[0], status = $(".tr-progress-status");
    if (!file) return;
    input.value = "";
    var say = function (key, parts) { status.textContent = t(key, { file: file.name, parts: parts }); };
    if (file.size > IMPORT_LIMIT) {
      status.textContent = t("import.too_large", {
        file: file.name, size: formatSize(file.size), limit: formatSize(IMPORT_LIMIT)
      });
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var checked = null;
      try { checked = checkRecord(JSON.parse(String(reader.result))); } catch (err) { checked = null; }
      if (checked && checked.dropped.length && isEmpty(checked.record)) checked = null;  /* nothing of it readable */
      if (checked === null) return say("import.bad");
      if (store(checked.record)) {
        renderProgress(load());
        return say("import.not_kept");
      }
      renderProgress(checked.record);
      if (checked.dropped.length) say("import.partly", droppedText(checked.dropped));
      else say("import.done");
    };
    reader.onerror = function () { say("import.bad"); };
    reader.readAsText(file);
  }

  /* ---- Wiring: once per page, also after Material's instant navigation ---- */

  var player = null;

  var told = [];  /* the notices this page has shown: each is said once */

  /* A notice the learner must read, at once, under the page's title: one box per page,
     announced (role=alert), a paragraph per notice. */
  function tell(text) {
    if (told.indexOf(text) >= 0) return;
    told.push(text);
    var article = $("article") || document.body, box = $(".tr-notice", article);
    if (!box) {
      box = document.createElement("div");
      box.className = "admonition warning tr-notice";
      box.setAttribute("role", "alert");
      var h1 = $("h1", article);
      if (h1) h1.insertAdjacentElement("afterend", box);
      else article.insertBefore(box, article.firstChild);
    }
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
  }

  function init() {
    player = null;
    told = [];
    var root = $(".tr-module[data-play]");
    var record = load();
    if (root) {
      try {
        player = new Player(root, JSON.parse(root.getAttribute("data-play")));
        player.start();
      } catch (err) {
        player = null;
        root.classList.remove("tr-live");  /* the static page still reads in full */
        root.removeAttribute("data-play");  /* and is painted: see training.css */
        if (window.console) console.error(err);
      }
    }
    renderProgress(record);
    if (player && location.hash === "#tr-player") {
      var current = $("#step-" + player.viewStep(player.state()), player.root);
      if (current) current.scrollIntoView({ block: "start" });
    }
  }

  /* One click, one action: after a click on the player, the second click of a double click
     would land on whatever the first one moved under the pointer (a link, the next step's
     first choice), or repeat the action (a move): it is dropped, wherever it lands. */
  var actedAt = 0;
  document.addEventListener("click", function (event) {
    if (player && event.detail > 1 && Date.now() - actedAt < 800) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    var action = target.getAttribute("data-tr"), section = target.closest(".tr-step");
    var step = section ? section.getAttribute("data-step") : null;
    if (player && (section || target.closest(".tr-player-bar"))) actedAt = Date.now();
    if (target.classList.contains("tr-choose") && player) player.choose(step, target.getAttribute("data-choice"));
    else if (target.hasAttribute("data-move") && player) player.move(target.closest("li"), Number(target.getAttribute("data-move")));
    else if (action === "check" && player) player.check(step);
    else if (action === "continue" && player) player.proceed(step);
    else if (action === "retry" && player) player.retry(step);
    else if (action === "back" && player) player.back();
    else if (action === "restart" && player) player.restart();
    else if (action === "download-notes") download("my-notes.txt", notesText(load()), "text/plain;charset=utf-8");
    else if (action === "print") window.print();
    else if (action === "export") exportProgress();
    else if (action === "reset") {
      if (window.confirm(t("reset.confirm"))) {
        if (store(emptyRecord())) forget();
        renderProgress(load());
        $(".tr-progress-status").textContent = t("reset.done");
      }
    }
  });

  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el.matches("textarea[data-note]") && player) player.saveNote(el);
    if (el.id === "tr-name") {
      var record = load();
      record.name = el.value.slice(0, 200);
      save(record);
      renderProgress(record);
    }
  });

  /* Another tab of this course saved: show what it saved, not this tab's older copy. */
  window.addEventListener("storage", function (event) {
    if (event.key !== site.key) return;
    if (player) {
      player.reload();
      player.render(false);
    }
    renderProgress(load());
  });

  /* A changed answer hides the message asking for one. */
  document.addEventListener("change", function (event) {
    var section = event.target.closest && event.target.closest(".tr-step");
    if (section) show($(".tr-check__msg", section), false);
  });

  /* A printed module has its objectives, folded away on screen. */
  window.addEventListener("beforeprint", function () {
    $$(".tr-objectives").forEach(function (details) { details.open = true; });
  });

  window.addEventListener("pagehide", function () {
    if (player && player.lms) player.lms.finish(!!player.module().done);
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "tr-import") importProgress(event.target);
    if (event.target.id === "tr-role") {
      var record = load();
      record.role = event.target.value;
      save(record);
      renderHome(record);
      var shown = $$(".tr-mcard:not([hidden])").length;
      $(".tr-home__filter [role=status]").textContent = t("home.shown", { count: shown });
    }
  });

  /* Material's instant navigation replaces the content but keeps the header,
     so the language switcher would still point at the first page read.
     Every language has the same page paths: recompute the links from the
     address of the page now shown. */
  function updateLanguageLinks() {
    if (typeof __md_scope === "undefined") return;
    var root = __md_scope.href;  /* this language's site root */
    var here = location.href.split("#")[0].split("?")[0];
    if (here.indexOf(root) !== 0) return;
    var page = here.slice(root.length) || "index.html";
    var links = document.querySelectorAll("a[data-tr-lang]");
    /* On a module under way, the other language opens at the same step, scrolled to it. */
    var hash = player && player.module().hist.length ? "#tr-player" : "";
    for (var i = 0; i < links.length; i++) {
      var code = links[i].getAttribute("data-tr-lang");
      links[i].href = new URL("../" + code + "/" + page, root).href + hash;
    }
  }

  /* The search form's submit button (see theme/partials/search.html) does what Enter in
     the search box does, through Material's own handler: it opens the best result. The
     listener is on the document, as Material's instant navigation may redraw the header. */
  function searchOnSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.name !== "search") return;
    event.preventDefault();
    var query = form.elements.namedItem("query");
    if (!query) return;
    query.focus();
    query.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  }

  var shown = null;  /* the content element last set up */

  function onPage() {
    var content = $("article") || document.body;
    if (content === shown) return;
    shown = content;
    updateLanguageLinks();
    init();
  }

  document.addEventListener("submit", searchOnSubmit);

  /* Material announces each page, also one brought in by instant navigation, on
     document$. From file:// (no instant navigation) it may never do so, so the
     page load is a trigger too; onPage sets up each page once. */
  if (typeof document$ !== "undefined") document$.subscribe(function () { onPage(); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
