/* gonghui search page: our interface over Pagefind's JavaScript API.
 *
 * Queries are cut, and stored text read back, by gonghui-search-text.js (in step with
 * core/output/search_text.py), which the page loads first.
 * The index comes in shards, each of one kind of page (gonghui-shards.json lists the others and the kinds),
 * merged here with their kind and number as filters: a reader narrows to one kind by the kind, and results
 * sorted by date are merged here shard by shard (Pagefind ranks a sorted result by its place within its
 * own shard).
 */
(function () {
  "use strict";

  var INDEX_LANGUAGE = "und-x-bigram";
  var PAGE_SIZE = 10;
  var EXCERPT_TOKENS = 60;
  // Pagefind's BM25 with less weight on page length (0.75 by default): a long story that names a person
  // or an organisation many times should not rank below a short page that names it once.
  var RANKING = { pageLength: 0.3 };
  var text = window.ghSearchText;
  var queryTerms = text.queryTerms;
  var queryParts = text.queryParts;
  var readable = text.readable;
  var resultExcerpt = text.resultExcerpt;
  var appendHighlighted = text.appendHighlighted;
  var containsAll = text.containsAll;

  // ------------------------------------------------------------------------------------- Pagefind

  // `kindNames`: the kinds' keys (news, worker …, as gonghui-shards.json names each shard's kind) to their names.
  function openIndex(bundle, kindNames) {
    var baseUrl = bundle.replace(/pagefind\/$/, "");
    var list = fetch(bundle + "gonghui-shards.json")
      .then(function (response) { return response.ok ? response.json() : { bundles: [] }; })
      .catch(function () { return { bundles: [] }; });
    return Promise.all([import(bundle + "pagefind.js"), list]).then(function (loaded) {
      var pagefind = loaded[0];
      var listing = loaded[1] || {};
      var others = (listing.bundles || []).filter(function (path) {
        return typeof path === "string" && /^[a-z0-9-]+\/$/.test(path);
      });
      var kinds = (Array.isArray(listing.kinds) ? listing.kinds : []).map(function (key) { return kindNames[key] || ""; });
      function shardFilter(number) {
        var filter = { "分片": String(number) };
        if (kinds[number - 1]) filter["类型"] = kinds[number - 1];
        return filter;
      }
      // In the page's own thread: a search takes milliseconds, and the worker's script is one more download.
      var options = { basePath: bundle, baseUrl: baseUrl, excerptLength: EXCERPT_TOKENS, ranking: RANKING, noWorker: true };
      return pagefind.options(options).then(function () {
        // Pagefind picks its index, and whether to cut the query into words with the browser's own
        // dictionary, from <html lang>; ours is cut already. Name our index's language while it looks.
        var root = document.documentElement;
        var lang = root.getAttribute("lang");
        root.setAttribute("lang", INDEX_LANGUAGE);
        var started;
        try { started = pagefind.init(); } finally { root.setAttribute("lang", lang); }
        return started;
      }).then(function () {
        return pagefind.options({ mergeFilter: shardFilter(1) });
      }).then(function () {
        return others.reduce(function (done, path, i) {
          return done.then(function () {
            return pagefind.mergeIndex(bundle + path, {
              baseUrl: baseUrl, excerptLength: EXCERPT_TOKENS, ranking: RANKING, language: INDEX_LANGUAGE,
              mergeFilter: shardFilter(i + 2)
            });
          });
        }, Promise.resolve());
      }).then(function () { return { pagefind: pagefind, shards: others.length + 1, kinds: kinds }; });
    });
  }

  // Results in Pagefind's order (relevance), or newest first across shards; each `next(n)` gives n more.
  // `kind` (新闻, 劳模工匠 …) narrows to one kind: each shard holds one kind, merged with it as a filter.
  function resultStream(index, terms, kind, sort) {
    var pagefind = index.pagefind;
    var filters = kind ? { "类型": kind } : {};
    var everything = pagefind.search(terms, { filters: filters });
    if (sort !== "date") {
      return everything.then(function (found) {
        var all = found.results;
        var at = 0;
        return {
          total: all.length,
          ids: all.map(function (r) { return r.id; }),
          counts: (found.totalFilters && found.totalFilters["类型"]) || {},
          next: function (n) {
            var slice = all.slice(at, at + n);
            at += slice.length;
            return Promise.all(slice.map(function (r) { return r.data(); }));
          }
        };
      });
    }
    // Sorted, each shard's results come newest first, but Pagefind ranks each by its place in its own
    // shard: merge the shards here, newest first.
    var perShard = [];
    for (var number = 1; number <= index.shards; number++) {
      if (kind && index.kinds[number - 1] && index.kinds[number - 1] !== kind) continue;
      perShard.push(pagefind.search(terms, { filters: { "分片": String(number) }, sort: { date: "desc" } }));
    }
    return Promise.all([everything].concat(perShard)).then(function (all) {
      var queues = all.slice(1).map(function (found) { return { results: found.results.slice(), head: null }; });
      function head(queue) {
        if (queue.head || !queue.results.length) return Promise.resolve(queue);
        return queue.results.shift().data().then(function (data) { queue.head = data; return queue; });
      }
      function one() {
        return Promise.all(queues.map(head)).then(function () {
          var best = null;
          queues.forEach(function (queue) {
            if (queue.head && (!best || dateKey(queue.head) > dateKey(best.head))) best = queue;
          });
          if (!best) return null;
          var data = best.head;
          best.head = null;
          return data;
        });
      }
      return {
        total: all[0].results.length,
        ids: [],
        counts: (all[0].totalFilters && all[0].totalFilters["类型"]) || {},
        next: function (n) {
          var out = [];
          function step() {
            if (out.length >= n) return Promise.resolve(out);
            return one().then(function (data) {
              if (!data) return out;
              out.push(data);
              return step();
            });
          }
          return step();
        }
      };
    });
  }

  function dateKey(data) {
    return (data.meta && data.meta.date) || "0000-00-00";
  }

  // ------------------------------------------------------------------------------------------ page

  function setup() {
    var form = document.getElementById("gh-search");
    if (!form || form.dataset.ghReady) return;
    form.dataset.ghReady = "1";
    var input = document.getElementById("gh-search-input");
    var kindSelect = document.getElementById("gh-search-kind");
    var sortSelect = document.getElementById("gh-search-sort");
    var status = document.getElementById("gh-search-status");
    var list = document.getElementById("gh-search-results");
    var more = document.getElementById("gh-search-more");
    var suggest = document.getElementById("gh-search-suggest");
    var vocabulary = [];
    try { vocabulary = JSON.parse(document.getElementById("gh-search-vocabulary").textContent || "[]"); } catch (e) { /* none */ }
    form.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });
    var bundle = new URL(form.dataset.ghBundle || "../pagefind/", window.location.href).pathname;
    var kindNames = {};
    Array.prototype.forEach.call(kindSelect.options, function (option) {
      if (option.dataset.key) kindNames[option.dataset.key] = option.value;
    });
    var index = null;
    function ready() {
      if (!index) index = openIndex(bundle, kindNames);
      return index;
    }
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    kindSelect.value = params.get("kind") || "";
    sortSelect.value = params.get("sort") === "date" ? "date" : "";
    var run = 0;
    var stream = null;

    function remember(query) {
      var next = new URLSearchParams();
      if (query) next.set("q", query);
      if (kindSelect.value) next.set("kind", kindSelect.value);
      if (sortSelect.value) next.set("sort", sortSelect.value);
      var search = next.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    }

    function clear() {
      list.textContent = "";
      more.hidden = true;
      suggest.hidden = true;
      suggest.textContent = "";
    }

    // Each kind's count in the kind list.
    function showCounts(counts) {
      Array.prototype.forEach.call(kindSelect.options, function (option) {
        if (option.value) option.textContent = option.dataset.label + "（" + (counts[option.value] || 0) + "）";
      });
    }

    function search() {
      var query = input.value.trim();
      var mine = ++run;
      remember(query);
      clear();
      var terms = queryTerms(query);
      if (!terms.length) {
        status.textContent = query ? "请输入要找的字、词或名称。" : "";
        return;
      }
      status.textContent = "正在搜索……";
      ready().then(function (opened) {
        return resultStream(opened, terms.join(" "), kindSelect.value, sortSelect.value);
      }).then(function (found) {
        if (mine !== run) return;
        stream = found;
        showCounts(found.counts);
        if (!found.total) {
          status.textContent = "没有找到包含“" + query + "”的页面。";
          return suggestions(query, mine);
        }
        return showMore(query, mine, true);
      }).catch(function (error) {
        if (mine !== run) return;
        status.textContent = "搜索暂时不能使用，请稍后再试。";
        if (window.console) console.error(error);
      });
    }

    function showMore(query, mine, first) {
      var parts = queryParts(query);
      return stream.next(PAGE_SIZE).then(function (items) {
        if (mine !== run) return;
        var partial = first && items.length && !containsAll(items[0].content || "", parts);
        items.forEach(function (data) { list.appendChild(resultItem(data, parts)); });
        var shown = list.children.length;
        var scope = kindSelect.value ? "（" + kindSelect.value + "）" : "";
        if (partial) {
          status.textContent = "没有找到包含“" + query + "”的页面；下面是含有其中部分字词的" + stream.total + "个结果" + scope + "。";
          suggestions(query, mine);
        } else {
          status.textContent = "找到" + stream.total + "个结果" + scope + (sortSelect.value === "date" ? "，最新的在前" : "") + "。";
        }
        more.hidden = shown >= stream.total;
      });
    }

    function resultItem(data, parts) {
      var item = document.createElement("li");
      item.className = "gh-result";
      var heading = document.createElement("h2");
      heading.className = "gh-result__title";
      var link = document.createElement("a");
      link.href = data.url;
      appendHighlighted(link, (data.meta && data.meta.title) || data.url, parts);
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "gh-result__meta";
      var kind = document.createElement("span");
      kind.className = "gh-result__kind";
      kind.textContent = (data.meta && data.meta["类型"]) || "其他";
      meta.appendChild(kind);
      if (data.meta && data.meta["日期"]) {
        var time = document.createElement("time");
        time.dateTime = /年$/.test(data.meta["日期"]) ? dateKey(data).slice(0, 4) : dateKey(data);
        time.textContent = data.meta["日期"];
        meta.appendChild(time);
      }
      item.appendChild(meta);
      var excerpt = document.createElement("p");
      excerpt.className = "gh-result__excerpt";
      appendHighlighted(excerpt, resultExcerpt(data, EXCERPT_TOKENS), parts);
      item.appendChild(excerpt);
      return item;
    }

    // How many pages say `text` (0 when none does: Pagefind drops a token no page has, so the first
    // result is checked to really contain it).
    function pagesSaying(opened, text) {
      var terms = queryTerms(text);
      if (!terms.length) return Promise.resolve(0);
      return opened.pagefind.search(terms.join(" "), {}).then(function (found) {
        if (!found.results.length) return 0;
        return found.results[0].data().then(function (data) {
          return containsAll(data.content || "", queryParts(text)) ? found.results.length : 0;
        });
      });
    }

    // The query cut into the longest stretches that pages say: 仁怀市火星基地 → 仁怀市 (火星基地 is nowhere).
    function sayableParts(opened, query) {
      var out = [];
      var parts = queryParts(query).slice(0, 6);
      function fromPart(chars) {
        if (chars.length < 2) return Promise.resolve();
        function tryLength(n) {
          if (n < 2) return fromPart(chars.slice(1));
          var text = chars.slice(0, n).join("");
          return pagesSaying(opened, text).then(function (count) {
            if (!count) return tryLength(n - 1);
            out.push({ word: text, count: count });
            return fromPart(chars.slice(n));
          });
        }
        return tryLength(Math.min(chars.length, 16));
      }
      return parts.reduce(function (done, part) {
        return done.then(function () { return fromPart(Array.from(part)); });
      }, Promise.resolve()).then(function () { return out; });
    }

    // Nothing found: the stretches of the query that pages do say, and tag and region pages that match.
    function suggestions(query, mine) {
      var lower = query.toLowerCase();
      var pages = vocabulary.filter(function (entry) {
        var name = entry.name.toLowerCase();
        return lower.indexOf(name) >= 0 || (lower.length >= 2 && name.indexOf(lower) >= 0);
      }).slice(0, 8);
      return ready().then(function (opened) {
        return sayableParts(opened, query);
      }).then(function (counted) {
        if (mine !== run) return;
        var useful = counted.filter(function (c) { return c.word.toLowerCase() !== lower; });
        if (!useful.length && !pages.length) return;
        suggest.textContent = "";
        if (useful.length) {
          var p = document.createElement("p");
          p.appendChild(document.createTextNode("试试只搜其中的词："));
          useful.forEach(function (c) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "gh-search-suggest__word";
            button.textContent = c.word + "（" + c.count + "）";
            button.addEventListener("click", function () { input.value = c.word; search(); input.focus(); });
            p.appendChild(button);
          });
          suggest.appendChild(p);
        }
        if (pages.length) {
          var q = document.createElement("p");
          q.appendChild(document.createTextNode("相关的标签和地区："));
          pages.forEach(function (entry) {
            var a = document.createElement("a");
            a.href = bundle.replace(/pagefind\/$/, "") + entry.url;
            a.className = "gh-search-suggest__page";
            a.textContent = entry.kind + "：" + entry.name;
            q.appendChild(a);
          });
          suggest.appendChild(q);
        }
        suggest.hidden = false;
      });
    }

    Array.prototype.forEach.call(kindSelect.options, function (option) { option.dataset.label = option.textContent; });
    var composing = false;
    var timer = null;
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("input", function (event) { if (!composing && !event.isComposing) schedule(); });
    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 300);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      search();
    });
    kindSelect.addEventListener("change", search);
    sortSelect.addEventListener("change", search);
    more.addEventListener("click", function () {
      if (stream) showMore(input.value.trim(), run, false);
    });
    window.ghSearch = { queryTerms: queryTerms, readable: readable, ready: ready, resultStream: resultStream };
    if (input.value.trim()) search();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
