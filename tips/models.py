"""Models of the tips app."""
