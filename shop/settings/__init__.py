"""Settings administrators change while the shop runs (today: the delays). What is fixed at
deployment (secrets, addresses of services) stays in `shop/config.py`."""
