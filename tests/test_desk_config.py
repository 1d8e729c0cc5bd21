"""The editing desk's config.yml covers every field of every record kind, as validation defines it."""

from __future__ import annotations

import json

import pytest
from gonghui.core.desk.config import DeskSettings, config_text, desk_config
from gonghui.core.load import fields as f
from gonghui.core.load.articles import ARTICLE_FIELDS
from gonghui.core.load.records import achievements, campaigns, training, workers
from gonghui.core.load.regions import load_region_table
from gonghui.core.problems import Problems

SCHEMAS = {
    "news": ARTICLE_FIELDS,
    "campaigns": campaigns.FIELDS,
    "training": training.FIELDS,
    "workers": workers.FIELDS,
    "achievements": achievements.FIELDS,
}


@pytest.fixture(scope="module")
def config() -> dict:
    return desk_config(DeskSettings(), load_region_table("regions.yml", None, Problems()))


def _nested(spec: f.Field) -> dict[str, f.Field] | None:
    conv = spec.convert
    if isinstance(conv, f.ListOf):
        conv = conv.item
    return conv.fields if isinstance(conv, f.Mapping) else None


def _covers(table: dict[str, f.Field], fields: list[dict], where: str, optional_object: bool = False) -> None:
    by_name = {field["name"]: field for field in fields}
    for name, spec in table.items():
        assert name in by_name, f"{where}.{name}: a schema field the desk cannot edit"
        field = by_name[name]
        assert field["label"] == spec.label and spec.label, f"{where}.{name}: label from the schema"
        # Inside an optional object (image, registration) the check asks for them once the object is written.
        assert field["required"] == (spec.required and not optional_object), f"{where}.{name}: required as validation says"
        assert field.get("hint", "") == spec.hint, f"{where}.{name}: hint from the schema"
        inner = _nested(spec)
        if inner is not None and field["widget"] != "relation":
            _covers(inner, field["fields"], f"{where}.{name}", field["widget"] == "object" and not spec.required)
    extra = set(by_name) - set(table) - {"body"}
    assert not extra, f"{where}: desk fields validation does not know: {extra}"


def test_every_schema_field_is_in_the_desk(config):
    collections = {c["name"]: c for c in config["collections"]}
    assert set(collections) == set(SCHEMAS)
    for name, table in SCHEMAS.items():
        fields = collections[name]["fields"]
        if name == "achievements":  # one list field holding the records of a file
            fields = fields[0]["fields"]
        _covers(table, fields, name)


def test_widgets_references_and_regions(config):
    collections = {c["name"]: {x["name"]: x for x in c["fields"]} for c in config["collections"]}
    news = collections["news"]
    assert news["date"]["format"] == "YYYY-MM-DD HH:mm" and news["body"]["widget"] == "markdown"
    for kind in ("campaigns", "training", "workers"):
        assert news[kind]["widget"] == "relation" and news[kind]["collection"] == kind and news[kind]["multiple"]
    assert news["workers"]["display_fields"] == ["name"]
    source = collections["achievements"]["records"]["fields"][5]
    assert source["name"] == "source" and source["widget"] == "relation" and source["collection"] == "news"
    levels = collections["workers"]["honors"]["fields"][1]
    assert {o["value"] for o in levels["options"]} == {"national", "provincial", "municipal", "county", "industry"}
    regions = {o["value"]: o["label"] for o in news["region"]["options"]}
    assert regions["仁怀市"] == "仁怀市（遵义市）"
    assert "朝阳区" not in regions and regions["110105"].startswith("朝阳区"), "a repeated name is saved as its code"
    assert collections["training"]["description"]["widget"] == "markdown"


def test_config_is_json_and_chinese(config):
    text = config_text(DeskSettings(backend="gitea", repo="zgh/site", base_url="https://git.example.org.cn", app_id="a1"),
                       load_region_table("regions.yml", None, Problems()))
    loaded = json.loads(text)
    assert loaded["locale"] == "zh_Hans"
    assert loaded["backend"] == {"name": "gitea", "repo": "zgh/site", "branch": "main",
                                 "base_url": "https://git.example.org.cn", "api_root": "https://git.example.org.cn/api/v1",
                                 "app_id": "a1", "auth_type": "pkce"}
    assert loaded["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"


def test_config_asks_for_nothing_from_other_hosts(config):
    """Decap loads Uploadcare or Cloudinary scripts and map tiles only when its config asks (test_sample_site)."""
    text = json.dumps(config)
    assert "media_library" not in config and '"widget": "map"' not in text
    assert "uploadcare" not in text and "cloudinary" not in text


def test_local_answers_slug_and_desk_files(tmp_path):
    """The preview's answers: the pinyin `gonghui new` gives, and only files inside admin/ served past MkDocs."""
    from gonghui.core.desk.local import slug_answer
    from gonghui.mkdocs_plugin.desk import _desk_file

    assert slug_answer("title=%E6%9D%8E%E9%9D%99&kind=workers") == {"slug": "li-jing"}
    assert slug_answer("title=%E5%BB%BA%E4%BC%9A%E5%B0%8F%E5%88%86%E9%98%9F&kind=news") == {"slug": "jianhui-xiaofendui"}
    admin = tmp_path / "admin"
    admin.mkdir()
    (admin / "index.html").write_text("desk", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    assert _desk_file(admin, "/admin/") == admin / "index.html"
    assert _desk_file(admin, "/admin/../secret.txt") is None
    assert _desk_file(admin, "/news/") is None and _desk_file(admin, "/admin/missing.js") is None


def test_a_missing_bundle_is_a_warning_and_no_desk(tmp_path, caplog):
    """Without node_modules (no npm), the build goes on without /admin/ and says how to get it (GH490)."""
    from types import SimpleNamespace

    from gonghui.mkdocs_plugin.desk import add_desk
    from mkdocs.structure.files import Files

    files = Files([])
    add_desk(files, None, SimpleNamespace(root=tmp_path), None)  # type: ignore[arg-type]
    bundle = tmp_path / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"GH490 这次构建没有编辑台 /admin/：mkdocs.yml 打开了 desk，但找不到 {bundle}；运行 bash scripts/setup.sh"
        "（需要 npm）装好固定版本的 Decap CMS 后再构建，或在 mkdocs.yml 里删掉 desk: true (desk bundle missing)"
    ]
    assert list(files) == []
