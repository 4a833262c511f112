"""The demo's source data: bulletins, names, master data and order plans, as plain Python."""
