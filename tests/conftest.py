"""Root test configuration; fixture plugins live in their own modules."""

pytest_plugins = ["tests.fakes.fixtures"]
