"""Measures over many tickets or outages: monthly compliance reports and availability."""
