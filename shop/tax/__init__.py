"""VAT for every destination and every buyer (#20): the pure decision (``decision.py``), the
member states' rates for OSS (``rates.py``) and the VIES check of VAT numbers (``vies.py``)."""
