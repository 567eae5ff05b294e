"""Tests that drive a real headless Chromium against the app on a live server."""
