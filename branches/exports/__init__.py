"""Files the branch pages hand out: the roster's import-export resource (resources.py) and the
ledger's Excel and Word files (ledger.py)."""
