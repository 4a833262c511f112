"""Signal receivers: the cluster hears of scans and deliveries in a member's own books."""
