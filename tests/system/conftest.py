"""Fixtures of the system tests (a real gunicorn deployment): see `deploy.py`."""

from tests.system.deploy import deployment, gunicorn  # noqa: F401
