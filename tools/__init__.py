"""Tools that see the whole system (every service at once): the generated contract and configuration
documents, and the settings of every service together. ``shared/`` knows no service; this package may."""
