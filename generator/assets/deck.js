/* A facilitator's deck: reveal.js with speaker notes, plus counting the room's
   votes on a vote slide (keys 1-9 or clicks on an option; 0 clears). */
(function () {
  "use strict";

  function options(slide) { return Array.prototype.slice.call(slide.querySelectorAll(".tr-options li")); }

  function show(slide) {
    var items = options(slide);
    var counts = items.map(function (li) { return Number(li.getAttribute("data-votes") || 0); });
    var total = counts.reduce(function (a, b) { return a + b; }, 0);
    items.forEach(function (li, i) {
      var tally = li.querySelector(".tr-tally");
      tally.textContent = total ? counts[i] + " (" + Math.round(100 * counts[i] / total) + "%)" : "";
      li.style.background = total ? "linear-gradient(90deg, #e8eaf6 " + (100 * counts[i] / total) + "%, transparent 0)" : "";
    });
  }

  function vote(index) {
    var slide = Reveal.getCurrentSlide();
    if (!slide || !slide.hasAttribute("data-tr-vote")) return;
    var items = options(slide);
    if (index < 0) items.forEach(function (li) { li.setAttribute("data-votes", "0"); });
    else if (items[index]) items[index].setAttribute("data-votes", Number(items[index].getAttribute("data-votes") || 0) + 1);
    show(slide);
  }

  var keyboard = { 48: function () { vote(-1); } };
  for (var k = 1; k <= 9; k++) keyboard[48 + k] = (function (i) { return function () { vote(i); }; })(k - 1);

  document.addEventListener("click", function (event) {
    var li = event.target.closest && event.target.closest("[data-tr-vote] .tr-options li");
    if (li) vote(options(li.closest("section")).indexOf(li));
  });

  Reveal.initialize({
    hash: true,
    center: false,
    width: 1280,
    height: 720,
    margin: 0.06,
    transition: "none",
    pdfSeparateFragments: false,  /* one PDF page per slide */
    rtl: document.documentElement.dir === "rtl",
    keyboard: keyboard,
    plugins: [RevealNotes]
  });
})();
