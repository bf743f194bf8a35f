"""Roles are Django Groups. These are their names."""

ADMIN = "Admin"
USER = "User"
ALL = (ADMIN, USER)
