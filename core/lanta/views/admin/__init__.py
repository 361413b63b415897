"""The admin area (``/admin/``): dashboard, users, add-ons, site settings."""
