"""Business rules: keyword-only functions taking session=."""
