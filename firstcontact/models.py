"""Models of the firstcontact app: the assessment tool and know-your-rights pages."""
