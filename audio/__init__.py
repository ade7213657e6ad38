"""audio package of audioguide."""
