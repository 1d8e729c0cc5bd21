"""gonghui: a Chinese-first trade-union news and program site generator.

`gonghui.core` holds the content model, loading, validation, indexes and page
rendering, and never imports MkDocs; `gonghui.mkdocs_plugin` adapts it to
MkDocs + Material. A move to another engine replaces only the adapter.
"""
