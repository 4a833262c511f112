"""Seamline: the data chain, shop-floor apps and virtual cluster of small garment factories."""

__version__ = "0.1.0"
