"""The domain: every rule, workflow and permission check. No Qt here."""
