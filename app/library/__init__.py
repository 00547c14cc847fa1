"""The challenge format: strict schema, loading from challenges/ and graders/, input checks."""
