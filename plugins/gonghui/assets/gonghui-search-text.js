/* gonghui search text: how the search page cuts a query and reads stored text back, in step with
 * core/output/search_text.py (tests/test_search_recall.py checks that both give the same).
 *
 * The index holds Chinese cut into overlapping two-character units: 高密市总工会 → 高密 密市 市总 总工 工会 会.
 * A query is cut the same way (`queryTerms`); stored text is turned back into the page's own (`readable`).
 */
(function () {
  "use strict";

  var SPACE_MARK = "\u200c";
  var HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
  var ASCII_PUNCTUATION = "!-\\/:-@\\[-`{-~";
  var PIECES = "([" + HAN + "]+)|(\\s+)|((?:(?![" + HAN + "])[\\p{L}\\p{N}_]|[" + ASCII_PUNCTUATION + "])+)|([\\s\\S])";
  var HAN_PAIR = new RegExp("^[" + HAN + "]{2}$", "u");
  var WORD = new RegExp("^(?:(?![" + HAN + "])[\\p{L}\\p{N}_]|[" + ASCII_PUNCTUATION + "])+$", "u");

  function pieces(text) {
    var out = [];
    var re = new RegExp(PIECES, "gu");
    var match;
    while ((match = re.exec(text)) !== null) {
      var kind = match[1] ? "han" : match[2] ? "space" : match[3] ? "word" : "other";
      out.push({ kind: kind, value: match[0] });
    }
    return out;
  }

  // The reader's query as index tokens: 高密市 → ["高密", "密市"]; 会 → ["会"] (a prefix of 会员, 会…).
  function queryTerms(query) {
    var terms = [];
    pieces(query.toLowerCase()).forEach(function (piece) {
      var found = [];
      if (piece.kind === "han") {
        var chars = Array.from(piece.value);
        if (chars.length === 1) found = chars;
        for (var i = 0; i + 1 < chars.length; i++) found.push(chars[i] + chars[i + 1]);
      } else if (piece.kind === "word") { // as Pagefind indexes a word: letters, digits and _ (1.5 → 15)
        var word = piece.value.replace(/[^\p{L}\p{N}_]/gu, "");
        if (word) found = [word];
      }
      found.forEach(function (term) { if (terms.indexOf(term) < 0) terms.push(term); });
    });
    return terms;
  }

  // The parts of the query a page must contain: its runs of Chinese and its words.
  function queryParts(query) {
    return pieces(query.toLowerCase())
      .filter(function (piece) { return piece.kind === "han" || piece.kind === "word"; })
      .map(function (piece) { return piece.value; });
  }

  // Stored tokens back to text: a two-character token stands for its first character (the next token
  // carries the second), SPACE_MARK for a space next to Chinese, a plain space between two words.
  function readable(stored) {
    var tokens = stored.split(" ").filter(function (token) { return token !== ""; });
    var out = "";
    var previousWord = false;
    tokens.forEach(function (token, number) {
      var isWord = WORD.test(token);
      if (token === SPACE_MARK) out += " ";
      else if (HAN_PAIR.test(token) && number + 1 < tokens.length) out += Array.from(token)[0];
      else out += (previousWord && isWord ? " " : "") + token;
      previousWord = isWord;
    });
    return out;
  }

  // Pagefind's excerpt is HTML: its stored text escaped, with <mark> around matched tokens.
  function excerptText(html) {
    var tokens = html.replace(/<\/?mark>/g, "");
    var text = readable(tokens);
    var holder = document.createElement("textarea");
    holder.innerHTML = text; // only entities: Pagefind escaped < and >; textarea never runs markup
    return holder.value;
  }

  // The id of the title, which is indexed after the page's text (core/output/search.py, TITLE_ID).
  var TITLE_ID = "gh-search-title";

  // A result's excerpt as text: the `length` tokens of the page's text (not its title) where the matches
  // weigh most, as Pagefind picks them (its `calculate_excerpt_region`). Pagefind's own excerpt would
  // end with the title, which weighs most and comes last; the result shows the title above anyway.
  // With no match in the text (only the title says the query), the text's beginning.
  function resultExcerpt(data, length) {
    var words = (data.content || "").split(/[\r\n\s]+/);
    var title = (data.anchors || []).filter(function (anchor) { return anchor.id === TITLE_ID; })[0];
    var end = title ? Math.min(title.location, words.length) : words.length;
    var scores = [];
    (data.weighted_locations || []).forEach(function (found) {
      if (found.location < end) scores[found.location] = (scores[found.location] || 0) + found.balanced_score;
    });
    var sum = 0;
    for (var i = 0; i < Math.min(length, end); i++) sum += scores[i] || 0;
    var best = sum;
    var bestAt = [0];
    for (var start = 1; start + length <= end; start++) {
      sum += (scores[start + length - 1] || 0) - (scores[start - 1] || 0);
      if (sum > best) {
        best = sum;
        bestAt = [start];
      } else if (sum === best && bestAt[bestAt.length - 1] === start - 1) {
        bestAt.push(start);
      }
    }
    var from = best > 0 ? bestAt[Math.floor(bestAt.length / 2)] : 0;
    return excerptText(words.slice(from, Math.min(end, from + length)).join(" "));
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // `text` into `element`, each occurrence of a query part in <mark>; built from text nodes only.
  function appendHighlighted(element, text, parts) {
    var usable = parts.filter(function (part) { return part.length > 0; })
      .sort(function (a, b) { return b.length - a.length; });
    if (!usable.length) {
      element.appendChild(document.createTextNode(text));
      return;
    }
    var re = new RegExp(usable.map(escapeRegExp).join("|"), "giu");
    var last = 0;
    var match;
    while ((match = re.exec(text)) !== null) {
      if (match.index > last) element.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      element.appendChild(mark);
      last = match.index + match[0].length;
      if (match[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) element.appendChild(document.createTextNode(text.slice(last)));
  }

  function containsAll(content, parts) {
    var text = readable(content).toLowerCase();
    var squeezed = text.replace(/[!-\/:-@\[-`{-~\s]/g, "");
    return parts.every(function (part) {
      return text.indexOf(part) >= 0 || squeezed.indexOf(part.replace(/[!-\/:-@\[-`{-~]/g, "")) >= 0;
    });
  }

  window.ghSearchText = {
    queryTerms: queryTerms, queryParts: queryParts, readable: readable, excerptText: excerptText,
    resultExcerpt: resultExcerpt,
    appendHighlighted: appendHighlighted, containsAll: containsAll
  };
})();
