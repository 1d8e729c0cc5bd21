"""What tests/test_accessibility.py runs in the browser: a reader's browser context, and the measurements in
JavaScript (text sizes, spacing, contrast and tap targets; focus; motion). The rules they serve are described in
that module's docstring."""

from __future__ import annotations

from browser_support import Guard

FONT_KEY = "gh-font-size"  # where the 字号 switch keeps the reader's choice (assets/gonghui.js)
READY = {"search": ".gh-result__title a"}  # what shows once a page's script has done its work


class Reader:
    """One browser context (one page object) for a device; its guard blocks every other host."""

    def __init__(self, browser, base: str, device: dict, reduced_motion: str = "no-preference") -> None:
        self.base = base
        self.context = browser.new_context(**device, locale="zh-CN", timezone_id="Asia/Shanghai",
                                           service_workers="block", reduced_motion=reduced_motion)
        self.context.set_default_timeout(15_000)
        self.guard = Guard(base)
        self.guard.attach(self.context)
        self.page = self.context.new_page()

    def goto(self, url: str) -> None:
        response = self.page.goto(self.base + url, wait_until="load")
        assert response is not None and response.status == 200, f"/{url}: HTTP {response and response.status}"
        # Material sizes its sticky sidebars from observers after load; measured mid-way, an empty sidebar
        # (tag pages) was once a few px high with 8 px of padding inside: "scrollable" to axe, which no reader sees.
        self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def open_kind(self, kind: str, url: str) -> None:
        self.goto(url)
        if kind in READY:
            self.page.wait_for_selector(READY[kind], timeout=15_000)

    def choose_large(self) -> None:
        """Press 大 in the 字号 switch, as a reader does; the choice then holds on every page of this context."""
        self.page.locator(".gh-font-switch button[data-gh-font='large']").click()
        self.page.wait_for_selector("html[data-gh-font='large']", state="attached")
        assert self.page.evaluate(f"localStorage.getItem('{FONT_KEY}')") == "large"

    def assert_clean(self) -> None:
        problems = self.guard.problems()
        assert not problems, "browser problems:\n" + "\n".join(problems)

    def close(self) -> None:
        self.context.close()


MEASURE_JS = r"""
(args) => {
  const [minTarget] = args;
  const parse = c => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x); return (h + 0.05) / (l + 0.05); };
  const hex = c => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
  const name = el => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
    const p = el.parentElement;
    return p && p !== document.body ? name.call(null, p).split(' ').slice(-1)[0] + ' > ' + s : s;
  };
  const hiddenClip = el => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && getComputedStyle(e).overflow !== 'visible') return true;
    }
    return false;
  };
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) && !hiddenClip(el);
  const textElements = root => {
    const out = new Set();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.data.trim()) continue;
      const el = n.parentElement;
      if (!el || el.closest('svg, script, style, noscript, template, title')) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || !visible(el)) continue;
      out.add(el);
    }
    return [...out];
  };
  const snippet = el => (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  const content = document.querySelector('.md-content');

  // Contrast, over every visible text on the page.
  const contrast = [];
  for (const el of textElements(document.body)) {
    if (el.closest(':disabled, [aria-disabled="true"]')) continue;
    const s = getComputedStyle(el);
    let fg = parse(s.color);
    let alpha = fg[3];
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const es = getComputedStyle(e);
      const bg = parse(es.backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
      alpha *= parseFloat(es.opacity);
    }
    let back = [255, 255, 255, 1];
    for (const layer of layers.reverse()) back = over(layer, back);
    const shown = over([fg[0], fg[1], fg[2], alpha], back);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    contrast.push({el: name(el), text: snippet(el), ratio: ratio(shown, back), fg: hex(shown), bg: hex(back),
                   size, large});
  }

  // Font sizes in the content area (graphics left out), and each h1.
  const sizes = textElements(document.body).filter(el => !el.closest('.gh-tilemap'))
    .map(el => ({el: name(el), text: snippet(el), size: parseFloat(getComputedStyle(el).fontSize),
                 content: !!(content && content.contains(el))}));
  const h1 = [...document.querySelectorAll('h1')]
    .map(el => ({el: name(el), text: snippet(el), size: parseFloat(getComputedStyle(el).fontSize), shown: visible(el)}));

  // Line spacing of text blocks in the content area.
  const blocks = content ? [...content.querySelectorAll('p, li, dt, dd, td, th, figcaption, caption, blockquote, h1, h2, h3, h4')]
    .filter(el => visible(el) && (el.innerText || '').trim() && !el.closest('svg, .gh-tilemap'))
    .map(el => {
      const s = getComputedStyle(el);
      const lh = s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight);
      return {el: name(el), text: snippet(el), ratio: lh / parseFloat(s.fontSize), lineHeight: s.lineHeight,
              size: parseFloat(s.fontSize)};
    }) : [];

  // Paragraph spacing between consecutive body paragraphs.
  const paragraphs = [];
  for (const p of document.querySelectorAll('article.md-content__inner p:not([class])')) {
    const next = p.nextElementSibling;
    if (!next || next.tagName !== 'P' || next.className || !visible(p) || !visible(next)) continue;
    const lh = parseFloat(getComputedStyle(p).lineHeight);
    const gap = next.getBoundingClientRect().top - p.getBoundingClientRect().bottom;
    paragraphs.push({el: name(p), text: snippet(p), lineHeight: lh, gap, ratio: (lh + gap) / lh});
  }

  // Tap targets.
  const controls = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], ' +
    '[tabindex]:not([tabindex="-1"]), label[for]')];
  const targets = [];
  for (const el of controls) {
    if (el.tagName === 'LABEL') {
      const control = document.getElementById(el.htmlFor);
      if (!control || !/^(checkbox|radio)$/.test(control.type || '')) continue;  // a caption, not a control
    }
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= window.innerWidth) continue;
    if (el.tagName === 'A' && getComputedStyle(el).display === 'inline') {
      let block = el.parentElement;
      while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      if (block && block.matches('p, li, dd, dt, td, th, figcaption, caption, blockquote') &&
          block.textContent.replace(/\s+/g, '') !== el.textContent.replace(/\s+/g, '')) continue;  // inline in text
    }
    targets.push({el: name(el), text: snippet(el) || el.getAttribute('aria-label') || '', width: r.width,
                  height: r.height, small: r.width < minTarget - 0.01 || r.height < minTarget - 0.01});
  }
  return {contrast, sizes, h1, blocks, paragraphs, targets, font: document.documentElement.dataset.ghFont || null};
}
"""


FOCUSABLE_JS = r"""
() => {
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')];
  let i = 0;
  const out = [];
  for (const el of all) {
    el.dataset.ghKey = String(i++);
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.left >= window.innerWidth) continue;
    out.push(el.dataset.ghKey);
  }
  return out;
}
"""

FOCUSED_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const onScreen = r.width >= 1 && r.height >= 1 && r.bottom > 0 && r.right > 0 &&
    r.top < window.innerHeight && r.left < window.innerWidth &&
    el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 &&
    !/rgba\([^)]*,\s*0\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
  const shadow = s.boxShadow !== 'none';
  const label = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  return {key: el.dataset.ghKey || ('unlisted ' + el.tagName.toLowerCase() + '.' + el.className), ring: outline || shadow,
          onScreen, what: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : '') +
          ' ' + JSON.stringify(label), outline: s.outlineStyle + ' ' + s.outlineWidth};
}
"""


MOTION_JS = r"""
(maxSeconds) => {
  const long = [];
  for (const a of document.getAnimations()) {
    if (a.playState !== 'running') continue;
    const t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
    if (t.iterations === Infinity || (t.endTime || 0) > maxSeconds * 1000) {
      const target = a.effect && a.effect.target;
      long.push((a.animationName || a.transitionProperty || a.constructor.name) + ' on ' +
                (target ? target.tagName.toLowerCase() + '.' + target.className : '?') + ' ' + Math.round(t.endTime) + 'ms');
    }
  }
  return long;
}
"""

DECLARED_MOTION_JS = r"""
(maxSeconds) => {
  const seconds = v => Math.max(0, ...v.split(',').map(x => x.trim().endsWith('ms') ? parseFloat(x) / 1000 : parseFloat(x)));
  const out = [];
  for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const transition = seconds(s.transitionDuration) + seconds(s.transitionDelay);
      const animation = s.animationName !== 'none' ? seconds(s.animationDuration) : 0;
      if (transition > maxSeconds || animation > maxSeconds) {
        const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
        out.push(el.tagName.toLowerCase() + cls + (pseudo || '') +
                 ` transition ${s.transitionDuration} animation ${s.animationName} ${s.animationDuration}`);
      }
    }
  }
  return out;
}
"""

STILL_JS = """() => [document.body.innerText, [...document.querySelectorAll('*')].map(e => e.scrollLeft + ',' + e.scrollTop).join(';'),
                   window.scrollY]"""
