"""Readers that turn an input's bytes into text, markup or positioned words."""
