/* Browser behaviour of the training site. Pages stay complete without it. */
(function () {
  "use strict";

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
    for (var i = 0; i < links.length; i++) {
      var lang = links[i].getAttribute("data-tr-lang");
      links[i].href = new URL("../" + lang + "/" + page, root).href;
    }
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(updateLanguageLinks);
  } else {
    document.addEventListener("DOMContentLoaded", updateLanguageLinks);
  }
})();
