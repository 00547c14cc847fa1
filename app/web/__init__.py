"""HTTP only: parse, authorize, call a service, render."""
