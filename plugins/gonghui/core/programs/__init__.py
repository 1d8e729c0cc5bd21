"""Program records: campaigns, training classes, model workers, regional achievements."""

from .registry import KINDS, ProgramData, load_programs

__all__ = ["KINDS", "ProgramData", "load_programs"]
