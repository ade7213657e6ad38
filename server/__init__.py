"""server package of audioguide."""
