"""Grading the final projects: a trained model scored on hidden data by a metric.

A project is an assignment (``solutions/<p>/assignment.yml``: student modules and public
checks) with a ``project.yml`` beside it: the task, the metric and its score mapping,
budgets and grading modes. ``python -m autograder.project`` grades one submission; see
``grade.py`` for what runs where.
"""
