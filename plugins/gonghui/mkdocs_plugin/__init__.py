"""The MkDocs adapter: event wiring over `gonghui.core`, nothing more."""
