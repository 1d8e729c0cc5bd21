"""Engine-independent core: nothing in this package may import mkdocs or material."""
