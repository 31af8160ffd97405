"""Models of the actionplan app."""
