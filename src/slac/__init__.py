"""slac: Service Level Agreements as code."""
