"""The hardened grading runner (design decision 4, docs/design.md).

Student code runs only in a sandboxed worker process; test functions run here, in the
trusted process, and reach student code through data-only proxies. See ``grade.grade``.

The package imports nothing itself, so that ``python -m autograder.runner`` decides how
otter's test files are loaded before ``grade`` is imported (see ``__main__``).
"""
