"""The hardened grading runner (design decision 4).

Student code runs only in a sandboxed worker process; test functions run here, in the
trusted process, and reach student code through data-only proxies. See ``grade.grade``.
"""

from .grade import GradeConfig, grade
from .sandbox import Limits

__all__ = ["GradeConfig", "Limits", "grade"]
