"""Content files (standards, checklists, outcomes, themes) as validated, frozen models."""

from .catalogue import Catalogue, default_catalogue, load_catalogue
from .loader import ContentError, ContentProblem

__all__ = ["Catalogue", "ContentError", "ContentProblem", "default_catalogue", "load_catalogue"]
