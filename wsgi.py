"""WSGI entry point: `gunicorn wsgi:app` (SHOP_ENV picks the configuration)."""

from shop import create_app

app = create_app()
