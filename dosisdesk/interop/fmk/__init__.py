"""FMK (Fælles Medicinkort) in: read a citizen's medicine card from FMK's response documents.

``document`` checks and maps one document (size, secure parse, FMK's schema, mapping);
``sources`` is where documents come from (a file, the inbox folder; a live FMK client would be
one more source).
"""
