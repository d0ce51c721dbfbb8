"""Pure models and rules of an inspection: no I/O, no Textual."""
