// The editing desk: our YAML formats, pinyin file names and our check's messages, then Decap CMS starts.
// /admin/api/… is answered only by the local preview (scripts/serve.sh); online the desk works without it.
import { parse, stringify } from "./yaml/index.js";

const CMS = window.CMS;
const api = (path) => new URL(`api/${path}`, window.location.href);
const YAML_OPTIONS = { lineWidth: 0 };

// Keys starting with "_" are the desk's own (a new record's file name): never written into a file.
const stripDeskKeys = (record) =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !key.startsWith("_")));

CMS.registerCustomFormat("gonghui-yaml", "yml", {
  fromFile: (text) => parse(text) ?? {},
  toFile: (data) => stringify(stripDeskKeys(data), YAML_OPTIONS),
});
// Achievement files are a list of records; the desk edits them as one list field, `records`.
CMS.registerCustomFormat("gonghui-achievements", "yml", {
  fromFile: (text) => {
    const data = parse(text);
    return { records: Array.isArray(data) ? data : [] };
  },
  toFile: (data) => stringify(data.records ?? [], YAML_OPTIONS),
});

// Untouched optional fields would be written as "" or {}: `gonghui check` reads an empty image as one
// missing its file. Drop every empty value, as if the field had not been written.
const isEmpty = (value) => value === "" || value === null || value === undefined || value?.size === 0;
function prune(value) {
  if (value && typeof value.toJS === "function" && typeof value.filter === "function") {
    return value.map(prune).filter((item) => !isEmpty(item));
  }
  return typeof value === "string" ? value.trim() : value;
}

async function askSlug(title, kind) {
  try {
    const answer = await fetch(api(`slug?${new URLSearchParams({ title, kind })}`));
    return answer.ok ? (await answer.json()).slug : "";
  } catch {
    return "";
  }
}

const NEED_SLUG = "没有本地预览服务，不能自动生成文件名：请在“网址名（slug）”里写拼音，如 renhuai-jianhui";

// New files get the pinyin name `gonghui new` gives: asked from the local preview, which uses the same code.
CMS.registerEventListener({
  name: "preSave",
  handler: async ({ entry }) => {
    let data = prune(entry.get("data"));
    if (!entry.get("newRecord")) return data;
    const kind = entry.get("collection");
    if (kind === "news") {
      if (!data.get("slug")) {
        const slug = await askSlug(data.get("title") ?? "", kind);
        if (!slug) throw new Error(NEED_SLUG);
        data = data.set("slug", slug);
      }
      return data;
    }
    let title = data.get(kind === "workers" ? "name" : "title") ?? "";
    if (kind === "achievements") {
      const first = data.getIn(["records", 0]);
      title = first ? `${first.get("region") ?? ""} ${String(first.get("date") ?? "").slice(0, 4)}` : "";
    }
    const slug = await askSlug(title, kind);
    if (!slug) throw new Error(NEED_SLUG);
    return data.set("_slug", slug);
  },
});

function report(heading, lines, bad) {
  const box = document.getElementById("gh-desk-report");
  box.replaceChildren();
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "关闭";
  close.addEventListener("click", () => { box.hidden = true; });
  const title = document.createElement("h2");
  title.textContent = heading;
  const list = document.createElement("ul");
  for (const line of lines) {
    const item = document.createElement("li");
    item.textContent = line; // our messages quote the editor's own text: never parsed as HTML
    list.append(item);
  }
  box.append(close, title, list);
  box.classList.toggle("gh-bad", bad);
  box.hidden = false;
}

// After each save: what `gonghui check` says about the whole working copy now, in its own words.
CMS.registerEventListener({
  name: "postSave",
  handler: async () => {
    let answer;
    try {
      answer = await fetch(api("problems"), { cache: "no-store" });
    } catch {
      return;
    }
    if (!answer.ok) return; // online: CI runs the check on the commit
    const { errors, warnings } = await answer.json();
    if (errors.length) {
      report("已保存，但检查发现问题，网站预览不会更新。请按提示改正后再保存：", errors, true);
    } else {
      report("已保存，检查通过。预览页面已更新。", warnings.length ? ["提醒：", ...warnings] : [], false);
    }
  },
});

CMS.init();
