"""The add-on's logic, without Pyramid."""
