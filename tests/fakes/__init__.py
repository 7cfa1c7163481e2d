"""Loopback fakes of external services (payment providers) for tests and demos."""
