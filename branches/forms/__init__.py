"""Forms by topic: roster (members, movements, committees, honours), activities (records, the
period and ledger filters)."""
