"""Grading side of the course: tests per assignment, release generator, runners."""
