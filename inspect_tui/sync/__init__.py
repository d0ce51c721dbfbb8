"""Sync: the hub server, its client, and signed, encrypted bundle files.

Importing this package is cheap; the HTTP stack and ``cryptography`` load only in the
modules that need them, so ``inspect-tui --version`` stays fast.
"""
