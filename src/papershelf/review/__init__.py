"""Reviewing changes: pull-request summaries, link checks, link rot, GitHub annotations, suggestions."""
