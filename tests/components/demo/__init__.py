"""Tests for the demo integration's simulation modules."""
