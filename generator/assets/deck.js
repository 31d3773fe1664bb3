/* A facilitator's deck: reveal.js with its speaker view (S), the room's votes, and the
   keys with the way back to the module page behind ? (nothing of it on the slides).

   Votes are kept in localStorage, per deck and per vote. The projected deck and the
   speaker view (another window, showing the deck in two iframes) share that storage,
   from a web server and from file:// alike, and each redraws on the others' storage
   event: a vote counted in one shows in all. */
(function () {
  "use strict";

  var root = document.documentElement;
  // reveal.js opens the deck in the speaker view with ?receiver: the current slide (which
  // gets the speaker window's keys, and posts its events) and the next one, a preview
  // where a click must not count for a slide that is not on the screen yet.
  var receiver = /[?&]receiver(&|=|$)/.test(location.search);
  var preview = receiver && !/[?&]postMessageEvents=true/.test(location.search);
  var STALE = 12 * 3600 * 1000;  // a tally older than this is an earlier group's
  var prefix = "tr-votes:" + location.pathname + "#";
  var memory = {};  // where the browser refuses storage: the votes of this window alone
  var percent = new Intl.NumberFormat(root.lang, { style: "percent" });

  if (receiver) root.classList.add("tr-receiver");

  function load(vote) {
    var raw;
    try { raw = localStorage.getItem(prefix + vote); } catch (e) { raw = memory[vote]; }
    var data = null;
    try { data = JSON.parse(raw || "null"); } catch (e) { data = null; }
    return data && Date.now() - data.at < STALE && Array.isArray(data.counts) ? data.counts : [];
  }

  function save(vote, counts) {
    var raw = JSON.stringify({ counts: counts, at: Date.now() });
    try { localStorage.setItem(prefix + vote, raw); } catch (e) { memory[vote] = raw; }
  }

  function draw(vote) {
    var counts = load(vote);
    var total = counts.reduce(function (a, b) { return a + (b || 0); }, 0);
    document.querySelectorAll("[data-tr-vote]").forEach(function (slide) {
      if (slide.getAttribute("data-tr-vote") !== vote) return;
      slide.querySelectorAll("[data-tr-option]").forEach(function (li) {
        var n = counts[Number(li.getAttribute("data-tr-option"))] || 0;
        li.querySelector(".tr-tally").textContent = total ? n + " · " + percent.format(n / total) : "";
        li.style.setProperty("--tr-share", total ? (100 * n / total) + "%" : "0%");
      });
    });
  }

  function drawAll() {
    var seen = {};
    document.querySelectorAll("[data-tr-vote]").forEach(function (slide) {
      var vote = slide.getAttribute("data-tr-vote");
      if (!seen[vote]) { seen[vote] = true; draw(vote); }
    });
  }

  /* One vote for the answer at ``index`` (0 for A) if the current slide shows it;
     ``index`` -1 clears the vote. Counted here only: the other windows redraw. */
  function count(index) {
    var slide = Reveal.getCurrentSlide();
    var vote = slide && slide.getAttribute("data-tr-vote");
    if (!vote || preview) return;
    var counts = load(vote);
    if (index < 0) counts = [];
    else if (slide.querySelector('[data-tr-option="' + index + '"]')) counts[index] = (counts[index] || 0) + 1;
    else return;
    save(vote, counts);
    draw(vote);
  }

  window.addEventListener("storage", function (event) {
    if (event.key === null) drawAll();
    else if (event.key.indexOf(prefix) === 0) draw(event.key.slice(prefix.length));
  });

  document.addEventListener("click", function (event) {
    var li = event.target.closest && event.target.closest("[data-tr-vote] [data-tr-option]");
    if (li && li.closest("section") === Reveal.getCurrentSlide()) count(Number(li.getAttribute("data-tr-option")));
  });

  // The keys, with the way back to the module page: a dialog over the slides.
  var keys = document.getElementById("tr-keys");
  var button = document.querySelector(".tr-keys-button");
  var returnTo = null;

  function showKeys(open) {
    if (!keys || open === !keys.hidden) return;
    keys.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      returnTo = document.activeElement;
      keys.querySelector(".tr-keys__close").focus();
    } else if (returnTo && returnTo.focus) {
      returnTo.focus();
    }
  }

  if (keys) {
    button.addEventListener("click", function () { showKeys(keys.hidden); });
    keys.querySelector(".tr-keys__close").addEventListener("click", function () { showKeys(false); });
    keys.addEventListener("click", function (event) { if (event.target === keys) showKeys(false); });
  }

  // Before reveal.js sees a key: ? on any keyboard layout (reveal.js knows only the US
  // one, and would open its own help, in English), and while the dialog is open, Esc.
  window.addEventListener("keydown", function (event) {
    var open = keys && !keys.hidden;
    if (event.key === "?" || event.key === "F1" || (open && event.key === "Escape")) {
      showKeys(!open && event.key !== "Escape");
      event.preventDefault();
      event.stopPropagation();
    } else if (open) {
      event.stopPropagation();  // the slides stay; Tab and Enter still work in the dialog
    }
  }, true);

  // 1-9 count for A-I, 0 clears: the digits above the letters and those of a number pad.
  var keyboard = {};
  for (var k = 0; k <= 9; k++) {
    keyboard[48 + k] = keyboard[96 + k] = (function (i) { return function () { count(i); }; })(k - 1);
  }

  Reveal.initialize({
    hash: true,
    center: false,
    width: 1280,  /* the size deck.css lays the slides out in */
    height: 720,
    margin: 0.04,
    transition: "none",
    backgroundTransition: "none",  /* a title slide's colour must not linger over the next */
    defaultTiming: 60,  /* each slide has its data-timing: the speaker view shows the pace */
    pdfSeparateFragments: false,  /* one PDF page per slide */
    rtl: root.dir === "rtl",
    keyboard: keyboard,
    plugins: [RevealNotes]
  }).then(drawAll);
})();
