"""Built-in domains: the entity domains every integration builds on (sensor, switch,
water_heater...) and the core service domains (homeassistant, logger)."""
