"""Relatives' surveys: invitation waves, letter tokens, the anonymous answering flow.

The views live in survey/views/relatives.py (the public ``/r/<token>`` pages) and
survey/views/waves.py (the quality team's waves and letters).
"""
