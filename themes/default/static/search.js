/* dilmanc default theme: search in the browser, over /search-index.json of the page's
   language. Letters are compared without their marks and with the language's case
   rules, so "sehadetname" finds "şəhadətnamə" and "İCAZƏ" finds "icazə". The form is
   cloned from <template id="search-form"> only here: without JavaScript the page offers
   the ways to browse the site instead. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  var template = document.getElementById("search-form");
  if (!root || !template || !("content" in template) || !window.fetch) { return; }
  root.appendChild(template.content.cloneNode(true));
  var lang = document.documentElement.lang || "az";
  var turkic = /^(az|tr)\b/.test(lang);
  var form = root.querySelector("form");
  var input = root.querySelector("input");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var MARKS = { "ə": "e", "ı": "i", "ğ": "g", "ş": "s", "ç": "c", "ö": "o", "ü": "u" };

  function fold(text) {
    if (turkic) { text = text.replace(/I/g, "ı").replace(/İ/g, "i"); }
    text = text.toLocaleLowerCase(lang).replace(/[əığşçöü]/g, function (c) { return MARKS[c]; });
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function words(text) { return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  var index = null;
  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch(root.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (entries) {
      index = entries.map(function (e) {
        return { entry: e, title: words(e.t), all: words([e.t, e.s, e.k, e.g.join(" ")].join(" ")) };
      });
      return index;
    });
  }

  /* Every query word must start a word of the page; words of the title count more. */
  function score(item, query) {
    var total = 0;
    for (var i = 0; i < query.length; i++) {
      var q = query[i];
      var starts = function (w) { return w.indexOf(q) === 0; };
      if (item.title.some(starts)) { total += 3; }
      else if (item.all.some(starts)) { total += 1; }
      else { return 0; }
    }
    return total;
  }

  function show(query) {
    var terms = words(query);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    load().then(function (items) {
      var found = items
        .map(function (item) { return { item: item, score: score(item, terms) }; })
        .filter(function (r) { return r.score > 0; })
        .sort(function (a, b) { return b.score - a.score; })
        .slice(0, 50);
      var message = root.getAttribute(found.length ? "data-found" : "data-none");
      status.textContent = message.replace("{query}", query);
      found.forEach(function (r) {
        var e = r.item.entry;
        var li = document.createElement("li");
        li.className = "item";
        var h = document.createElement("h2");
        h.className = "item-title";
        var a = document.createElement("a");
        a.href = e.u;
        a.textContent = e.t;
        if (e.l !== lang) { a.lang = e.l; }
        h.appendChild(a);
        if (e.l !== lang) {
          var marker = document.createElement("span");
          marker.className = "marker";
          marker.textContent = root.getAttribute("data-untranslated");
          h.appendChild(document.createTextNode(" "));
          h.appendChild(marker);
        }
        li.appendChild(h);
        if (e.k) {
          var section = document.createElement("p");
          section.className = "item-date";
          section.textContent = e.k;
          li.appendChild(section);
        }
        if (e.s) {
          var p = document.createElement("p");
          p.className = "summary";
          p.textContent = e.s;
          if (e.l !== lang) { p.lang = e.l; }
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    show(query);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; show(initial); }
})();
