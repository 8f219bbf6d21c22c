"""A sentence read as typed claims before any rule judges it: money, percentages, quantities,
counts, times and the language categories a trained classifier finds."""
