"""Test helpers shared by every app: personas, signing in (with one-time passwords), real services."""
