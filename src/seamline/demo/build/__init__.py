"""The demo loader's steps, one module per domain; each works inside its tenant's context."""
