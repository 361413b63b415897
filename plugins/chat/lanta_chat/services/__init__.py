"""The chat's domain logic, with no HTTP in it."""
