/* Word forms for Material's search. Its worker loads this file as the lunr "language"
   of the index (config.lang is ["forms"]), before it indexes the pages.

   Every word of the pages is indexed under its lemmas, and every word of a query, in
   whatever form it is typed, is looked for under its lemmas: "zaufaniem" finds the pages
   that say "zaufanie", "zaufania" or "zaufaniu". The build writes the map from the site's
   lemmas to all their forms in place of "FORMS". A word the map does not know is looked
   for by its beginning, as Material does; one that matches nothing then by a shorter
   beginning (a wrong or unknown ending), never shorter than three letters. */
(function (lunr) {
  "use strict";

  var FORMS = "FORMS";  /* the build writes the map here */
  var SHORTEST = 3;
  var lemmasOf = new Map();
  var builder = null;  /* the index being built: its terms, for the fallback */
  var sorted = null;

  function key(word) {
    return word.toLowerCase().replace(/[\u2019\u02bc]/g, "'");
  }

  function add(form, lemma) {
    var lemmas = lemmasOf.get(form);
    if (!lemmas) lemmasOf.set(form, [lemma]);
    else if (lemmas.indexOf(lemma) < 0) lemmas.push(lemma);
  }

  Object.keys(FORMS).forEach(function (lemma) {
    add(lemma, lemma);
    FORMS[lemma].split(" ").forEach(function (edit) {
      var m = /^(\d+)(.*)$/.exec(edit);
      if (m) add(lemma.slice(0, lemma.length - Number(m[1])) + m[2], lemma);
    });
  });

  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;  /* lunr's own trimmer knows ASCII letters only */

  function trimmer(token) {
    return token.update(function (s) { return s.replace(EDGES, ""); });
  }

  function stemmer(token) {
    var lemmas = lemmasOf.get(key(token.toString()));
    if (!lemmas) return token;
    return lemmas.map(function (lemma) {
      return token.clone(function () { return lemma; });
    });
  }

  lunr.Pipeline.registerFunction(trimmer, "trimmer-forms");
  lunr.Pipeline.registerFunction(stemmer, "stemmer-forms");

  lunr.forms = function () {
    builder = this;
    sorted = null;
    this.pipeline.reset();
    this.pipeline.add(trimmer, stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(stemmer);
  };
  lunr.forms.trimmer = trimmer;
  lunr.forms.stemmer = stemmer;

  function anyTermStarts(prefix) {
    if (!builder) return true;
    if (!sorted) sorted = Object.keys(builder.invertedIndex).sort();
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo].lastIndexOf(prefix, 0) === 0;
  }

  /* Material searches every word typed as a prefix ("zaufaniem*"), and lunr runs no
     pipeline on such a word, so the form typed would only meet the lemmas indexed where
     it begins one. So each such word becomes its lemma ("zaufanie*"). A word of several
     lemmas ("zaufaniem": "zaufanie", "zaufać") becomes their common beginning, which
     Material reads to tell which words a page holds; the search looks for each lemma. */
  var several = new Map();  /* common beginning -> lemmas, for the query being run */

  function commonBeginning(lemmas) {
    var common = lemmas[0];
    lemmas.forEach(function (lemma) {
      while (lemma.lastIndexOf(common, 0) !== 0) common = common.slice(0, -1);
    });
    return common;
  }

  function lemmaClause(clause) {
    if (clause.usePipeline || !/^[^*]+\*$/.test(clause.term)) return clause;
    var word = key(clause.term.slice(0, -1));
    var lemmas = lemmasOf.get(word);
    if (!lemmas) {
      var prefix = word;
      while (!anyTermStarts(prefix) && prefix.length > Math.max(SHORTEST, word.length - 3))
        prefix = prefix.slice(0, -1);
      lemmas = [anyTermStarts(prefix) ? prefix : word];
    }
    var term = lemmas[0];
    if (lemmas.length > 1) {
      term = commonBeginning(lemmas);
      var known = several.get(term) || [];
      several.set(term, known.concat(lemmas.filter(function (lemma) { return known.indexOf(lemma) < 0; })));
    }
    return Object.assign({}, clause, { term: term + "*" });
  }

  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    query.clauses = query.clauses.map(lemmaClause);
    return query;
  };

  /* The search itself: a word of several lemmas looks for each. Pages holding more of
     the words typed come first, in any of their sections; among those holding as many,
     lunr's score decides. */
  var WORD_WEIGHT = 1e6;
  /* Material highlights and hands over every section found, and a word of the course's
     theme is in hundreds of sections at 250 modules: the best ones are plenty to show. */
  var MOST = 200;
  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (build) {
    var words = [];
    var results = query.call(this, function (q) {
      build.call(q, q);
      q.clauses = [].concat.apply([], q.clauses.map(function (clause) {
        var lemmas = clause.usePipeline ? null : several.get(clause.term.slice(0, -1));
        var terms = lemmas ? lemmas.map(function (lemma) { return lemma + "*"; }) : [clause.term];
        words.push(terms.map(function (term) { return term.replace(/\*$/, ""); }));
        return terms.map(function (term) { return Object.assign({}, clause, { term: term }); });
      }));
    });
    several.clear();
    if (words.length < 2) return results.slice(0, MOST);
    /* A page holds a word when any of its sections does: Material lists a page by its best section. */
    var held = new Map();
    results.forEach(function (result) {
      var page = result.ref.split("#")[0];
      var matched = Object.keys(result.matchData.metadata);
      var wordsHeld = held.get(page) || new Set();
      words.forEach(function (beginnings, n) {
        if (beginnings.some(function (b) {
          return matched.some(function (term) { return term.lastIndexOf(b, 0) === 0; });
        })) wordsHeld.add(n);
      });
      held.set(page, wordsHeld);
    });
    results.forEach(function (result) {
      result.score *= Math.pow(WORD_WEIGHT, held.get(result.ref.split("#")[0]).size);
    });
    return results.sort(function (a, b) { return b.score - a.score; }).slice(0, MOST);
  };
})(self.lunr);
