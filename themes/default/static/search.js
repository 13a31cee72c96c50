/* dilmanc default theme: full-text search in the browser over the split index beside the
   search page (search/index.json, then only the shards t/*.json that hold the query's
   words and the fragments f/<hash>/*.json of the results shown). Words become keys by the
   rules of src/search/fold.rs and stem_az.rs, mirrored here: Turkic case ("İ" is "i", "I"
   is "ı"), marks dropped ("seher" finds "şəhər", as does "şәhәr" with the Cyrillic schwa),
   Arabic hamza and alef forms normalised, Azerbaijani suffixes off ("pasportun" finds
   "pasport"); English and Russian forms are looked up in the index, which maps each form
   of the pages to its Snowball stems. The last word also matches as a prefix while typing.
   The form is cloned from <template id="search-form"> only here: without JavaScript the
   page offers the ways to browse the site instead. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  var template = document.getElementById("search-form");
  if (!root || !template || !("content" in template) || !window.fetch) { return; }
  root.appendChild(template.content.cloneNode(true));
  var lang = document.documentElement.lang || "az";
  var base = lang.split(/[-_]/)[0];
  var turkic = base === "az" || base === "tr";
  var forms = base === "en" || base === "ru";
  var indexUrl = root.getAttribute("data-index");
  var dir = indexUrl.replace(/[^/]*$/, "");
  var $ = function (s) { return root.querySelector(s); };
  var form = $("form"), input = $("input"), status = $(".search-status"), list = $(".search-results");
  var more = $(".search-more"), sectionSelect = $("#search-section"), categorySelect = $("#search-category");
  var MARKS = { "ə": "e", "ә": "e", "ı": "i", "ğ": "g", "ş": "s", "ç": "c", "ö": "o", "ü": "u" };
  var WORD = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;
  /* fold.rs MAX_WORD_CHARS: a longer run is pasted data, in no index and no query. */
  var MAX_WORD = 64;
  var PAGE = 10;

  /* fold.rs: lower, strip_marks, arabic */
  function lower(w) {
    if (turkic) { w = w.replace(/I/g, "ı").replace(/İ/g, "i"); }
    return w.toLowerCase();
  }
  function strip(w) {
    return w.replace(/[əәığşçöü]/g, function (c) { return MARKS[c]; })
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var ARTICLES = ["وال", "بال", "فال", "كال", "لل", "ال"];
  function arabic(w) {
    w = w.replace(/[\u064b-\u065f\u0670\u0640]/g, "").replace(/ٱ|ء/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه");
    for (var i = 0; i < ARTICLES.length; i++) {
      var a = ARTICLES[i];
      if (w.indexOf(a) === 0 && Array.from(w.slice(a.length)).length >= 3) { return w.slice(a.length); }
    }
    return w;
  }
  function folded(w) { var f = strip(lower(w)); return base === "ar" ? arabic(f) : f; }

  /* stem_az.rs */
  var AZ = [
    [null, "lari leri masi mesi lar ler dan den dir dur maq mek da de la le"],
    [true, "nin nun yla yle ni nu si su ya ye miz muz niz nuz"],
    [false, "imiz umuz iniz unuz in un im um a e i u"]
  ].map(function (g) { return [g[0], g[1].split(" ")]; });
  function stemAz(w) {
    if (/\p{N}/u.test(w)) { return w; }
    for (;;) {
      var letters = Array.from(w).length, best = -1;
      AZ.forEach(function (g) {
        g[1].forEach(function (s) {
          if (!w.endsWith(s) || letters - s.length < 3) { return; }
          var head = w.slice(0, w.length - s.length);
          if (g[0] !== null && g[0] !== /[aeiou]$/.test(head)) { return; }
          if (best < 0 || head.length < best) { best = head.length; }
        });
      });
      if (best < 0) { break; }
      w = w.slice(0, best);
    }
    return w.replace(/g$/, "q").replace(/liy$/, "lik").replace(/luy$/, "luk");
  }
  /* The key of a word as far as the browser can tell without the index. */
  function guess(w) { var f = folded(w); return base === "az" ? stemAz(f) : f; }

  /* The entry file is read afresh on every visit (a cache may hold an earlier build's);
     every other file is named by what it holds (the shards by their hash, the fragments
     by their folder's), so a kept copy of one is never wrong, only gone after a new build. */
  var entry = null, shards = {}, fragments = {};
  function json(url, options) {
    return fetch(url, options).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }
  function loadEntry() {
    if (!entry) { entry = json(indexUrl, { cache: "no-cache" }).then(function (e) { fillFilters(e); return e; }); }
    return entry;
  }
  /* Whether object has key as its own: a shard is an object, and "constructor" a word. */
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  /* Forgets the index read so far: the site was built again since. */
  function forget() { entry = null; shards = {}; fragments = {}; }
  /* The number of the shard whose range holds key. */
  function shardOf(e, key) {
    var lo = 0, hi = e.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (e.shards[mid][0] <= key) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }
  function shard(e, n) {
    var file = e.shards[n][1];
    if (!shards[file]) { shards[file] = json(dir + file); }
    return shards[file];
  }
  /* Shards holding keys, and those holding keys that start with prefix (at most two more). */
  function shardsFor(e, keys, prefix) {
    var ns = [];
    keys.forEach(function (key) { var n = shardOf(e, key); if (ns.indexOf(n) < 0) { ns.push(n); } });
    if (prefix) {
      var most = ns.length + 2;
      for (var n = shardOf(e, prefix); n < e.shards.length && ns.length < most; n++) {
        if (n > shardOf(e, prefix) && e.shards[n][0] >= prefix + "\uffff") { break; }
        if (ns.indexOf(n) < 0) { ns.push(n); }
      }
    }
    return Promise.all(ns.map(function (n) { return shard(e, n); }));
  }
  /* The keys of word in the index: its own, or for English and Russian the stems the index
     maps its form to (several when words spelled alike without marks have other stems:
     "герой" and "герои" are both "герои"). */
  function keysOf(word) {
    var key = guess(word);
    if (!forms) { return Promise.resolve([key]); }
    return loadEntry().then(function (e) {
      return shard(e, shardOf(e, key)).then(function (s) {
        var v = own(s, key) ? s[key] : null;
        return (typeof v === "string" ? v : v && typeof v[0] === "string" ? v[0] : key).split(" ");
      });
    });
  }

  /* Scores by document for one query word (a typed array over all documents, and the
     documents it holds, so that a common word's thousands of postings cost no object
     keys): its keys, else the longest key the word starts with (a form the pages never
     use), plus keys starting with prefix. */
  function matches(e, keys, prefix) {
    return shardsFor(e, keys, prefix).then(function (loaded) {
      var terms = [], all = Object.create(null), key = keys[0];
      loaded.forEach(function (s) {
        for (var k in s) {
          var v = s[k];
          if (Array.isArray(v)) { all[k] = v; }
        }
      });
      keys.forEach(function (k) { if (all[k]) { terms.push([k, 1]); } });
      if (!terms.length && key.length > 4) {
        for (var cut = key.length - 1; cut >= Math.max(4, key.length - 3); cut--) {
          if (all[key.slice(0, cut)]) { terms.push([key.slice(0, cut), 0.9]); break; }
        }
      }
      if (prefix) {
        Object.keys(all).filter(function (k) { return keys.indexOf(k) < 0 && k.indexOf(prefix) === 0; })
          .slice(0, 50).forEach(function (k) { terms.push([k, 0.8]); });
      }
      var scores = new Float64Array(e.docs), docs = [];
      terms.forEach(function (t) {
        var postings = all[t[0]], first = typeof postings[0] === "string" ? 1 : 0;
        var df = (postings.length - first) / 2;
        var idf = Math.log(1 + (e.docs - df + 0.5) / (df + 0.5)) * t[1];
        for (var i = first, doc = 0; i < postings.length; i += 2) {
          doc += postings[i];
          var s = idf * postings[i + 1] / 20;
          if (scores[doc] === 0) { docs.push(doc); }
          if (s > scores[doc]) { scores[doc] = s; }
        }
      });
      return { scores: scores, docs: docs, keys: terms.map(function (t) { return t[0]; }) };
    });
  }

  /* Ranked documents for query: every word must match, else (several words) any. */
  function search(query) {
    var words = (query.match(WORD) || []).filter(function (w) { return Array.from(w).length <= MAX_WORD; });
    return loadEntry().then(function (e) {
      return Promise.all(words.map(function (w, i) {
        var p = i === words.length - 1 && folded(w).length >= 3 ? folded(w) : null;
        return keysOf(w).then(function (keys) { return matches(e, keys, p); });
      })).then(function (per) {
        var total = new Float64Array(e.docs), count = new Uint8Array(e.docs), docs = [];
        for (var w = 0; w < per.length; w++) {
          var m = per[w];
          for (var i = 0; i < m.docs.length; i++) {
            var d = m.docs[i];
            if (count[d] === 0) { docs.push(d); }
            total[d] += m.scores[d];
            count[d]++;
          }
        }
        var all = docs.filter(function (d) { return count[d] === per.length; });
        var keys = [];
        per.forEach(function (m) { keys = keys.concat(m.keys); });
        return { entry: e, docs: all.length ? all : docs, total: total, keys: keys, prefixes: words.map(folded) };
      });
    });
  }

  /* The rank order of documents: by score, ties to the smaller number. */
  function byRank(total) { return function (a, b) { return total[b] - total[a] || a - b; }; }
  /* docs with the n best first, in rank order, and the rest after them unsorted: a common
     word matches thousands of pages, a page of results shows ten, and the rest is sorted
     when "more" asks for it. */
  function rankFirst(docs, order, n) {
    var top = [], rest = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i], j = top.length;
      if (j === n && order(d, top[n - 1]) > 0) { rest.push(d); continue; }
      top.push(d);
      while (j > 0 && order(d, top[j - 1]) < 0) { top[j] = top[j - 1]; j--; }
      top[j] = d;
      if (top.length > n) { rest.push(top.pop()); }
    }
    return top.concat(rest);
  }

  /* The filters' options, by key (an entry file read again keeps the reader's choice). */
  function fillFilters(e) {
    var add = function (select, ranges) {
      var chosen = select.value, seen = Object.create(null);
      while (select.options.length > 1) { select.remove(1); }
      ranges.forEach(function (r) {
        if (seen[r.key]) { return; }
        seen[r.key] = true;
        var o = document.createElement("option");
        o.value = r.key;
        o.textContent = r.title || r.key;
        select.appendChild(o);
      });
      select.value = chosen;
      if (select.value !== chosen) { select.value = ""; }
    };
    add(sectionSelect, e.sections);
    add(categorySelect, e.categories);
    if (e.sections.length > 1 || e.categories.length) { $(".search-filters").hidden = false; }
    categorySelect.parentNode.hidden = !e.categories.length;
  }
  /* Whether doc is in one of the ranges of the key chosen in select. */
  function inRange(select, ranges, doc) {
    return !select.value || ranges.some(function (r) { return r.key === select.value && doc >= r.from && doc < r.to; });
  }

  /* The excerpt of text around the densest run of matched words, matches in <mark>. */
  function excerpt(text, found) {
    var tokens = [], m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) { tokens.push([m.index, m.index + m[0].length, found(m[0])]); }
    var span = 30, start = 0, best = -1;
    for (var i = 0; i < tokens.length; i++) {
      if (!tokens[i][2]) { continue; }
      var n = 0;
      for (var j = i; j < tokens.length && j < i + span; j++) { if (tokens[j][2]) { n++; } }
      if (n > best) { best = n; start = i; }
    }
    start = Math.max(0, start - 6);
    var end = Math.min(tokens.length, start + span);
    var p = document.createElement("p");
    p.className = "summary";
    if (!tokens.length) { return p; }
    var at = tokens[start][0];
    if (start > 0) { p.appendChild(document.createTextNode("… ")); }
    for (var k = start; k < end; k++) {
      var t = tokens[k];
      p.appendChild(document.createTextNode(text.slice(at, t[0])));
      var word = text.slice(t[0], t[1]);
      if (t[2]) {
        var mark = document.createElement("mark");
        mark.textContent = word;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(word));
      }
      at = t[1];
    }
    if (end < tokens.length) { p.appendChild(document.createTextNode(" …")); }
    return p;
  }

  function fragment(doc) {
    if (!fragments[doc]) {
      fragments[doc] = loadEntry().then(function (e) { return json(dir + e.fragments + doc + ".json"); });
    }
    return fragments[doc];
  }
  function item(f, found) {
    var li = document.createElement("li");
    li.className = "item";
    var h = document.createElement("h2");
    h.className = "item-title";
    var a = document.createElement("a");
    a.href = f.u;
    a.textContent = f.t;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "item-date";
    if (f.s) { meta.appendChild(document.createTextNode(f.s)); }
    if (f.d) {
      var time = document.createElement("time");
      time.dateTime = f.i;
      time.textContent = f.d;
      if (f.s) { meta.appendChild(document.createTextNode(" · ")); }
      meta.appendChild(time);
    } else if (f.c) {
      meta.appendChild(document.createTextNode((f.s ? " · " : "") + f.c));
    }
    if (meta.firstChild) { li.appendChild(meta); }
    var p = excerpt(f.x, found);
    if (f.l !== lang) { li.lang = f.l; }
    li.appendChild(p);
    return li;
  }

  var run = 0, shown = [], ranked = 0, order = null, found = null;
  function showMore(mine) {
    var end = list.children.length + PAGE;
    if (end > ranked) {
      shown = shown.slice(0, ranked).concat(shown.slice(ranked).sort(order));
      ranked = shown.length;
    }
    var next = shown.slice(list.children.length, end);
    return Promise.all(next.map(fragment)).then(function (fs) {
      if (mine !== run) { return; }
      fs.forEach(function (f) { list.appendChild(item(f, found)); });
      more.hidden = list.children.length >= shown.length;
    });
  }
  /* Shows the results of query. When a file of the index cannot be read (the site was
     built again while the page was open, and the files it named are gone), the entry file
     is read again and the query asked once more; then the failure is told. */
  function show(query, again) {
    var mine = ++run;
    var started = performance.now();
    if (!(query.match(WORD) || []).length) {
      list.textContent = ""; status.textContent = ""; more.hidden = true;
      return Promise.resolve();
    }
    return search(query).then(function (r) {
      if (mine !== run) { return; }
      order = byRank(r.total);
      shown = rankFirst(r.docs.filter(function (d) {
        return inRange(sectionSelect, r.entry.sections, d) && inRange(categorySelect, r.entry.categories, d);
      }), order, PAGE);
      ranked = Math.min(PAGE, shown.length);
      found = function (word) {
        var key = guess(word), f = folded(word);
        return r.keys.some(function (k) { return key === k || (k.length >= 3 && f.indexOf(k) === 0); }) ||
          r.prefixes.some(function (p) { return p.length >= 2 && f.indexOf(p) === 0; });
      };
      list.textContent = "";
      var message = root.getAttribute(shown.length ? "data-found" : "data-none").replace("{query}", query);
      if (shown.length) { message += " " + root.getAttribute("data-count").replace("{count}", shown.length.toLocaleString(lang)); }
      return showMore(mine).then(function () {
        if (mine !== run) { return; }
        status.textContent = message;
        root.setAttribute("data-ms", Math.round(performance.now() - started));
      });
    }).catch(function () {
      if (mine !== run) { return; }
      forget();
      if (!again) { return show(query, true); }
      list.textContent = ""; more.hidden = true;
      status.textContent = root.getAttribute("data-error");
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var query = input.value.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    show(query);
  });
  [sectionSelect, categorySelect].forEach(function (s) { s.addEventListener("change", function () { show(input.value); }); });
  more.addEventListener("click", function () {
    var mine = run;
    showMore(mine).catch(function () { if (mine === run) { show(input.value); } });
  });
  /* For the browser suite: the keys this script gives words. */
  window.dilmancSearch = { keys: keysOf };
  /* While the reader reads the page: the entry file, and one run of the word rules and
     of the count's number format, so that the first query does not wait for them (the
     browser compiles a function, a Unicode regular expression, and loads normalisation
     tables and the language's number format on first use). */
  function warm() {
    loadEntry().then(function () {
      guess("İşığı Çəkən 1");
      excerpt("Ağ ağac", guess);
      (1234).toLocaleString(lang);
    }).catch(function () {});
  }
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; show(initial); } else { warm(); }
})();
