"""qr package of audioguide."""
