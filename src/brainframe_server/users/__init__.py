"""Users: the model, the rules every change must pass, and the service."""
