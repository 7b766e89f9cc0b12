"""Jobpeak event contracts: the wire format every service and analyst relies on."""
