"""A fleet: many shows, each its own process, supervised, on this machine (`local`) or across a Ray cluster (`ray`)."""
