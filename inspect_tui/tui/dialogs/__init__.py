"""Modal dialogs shared by the screens: prompts and confirmations, reopening, members and
redaction."""
