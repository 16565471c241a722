"""plek: the platform for the closed-loop support chain of the Dutch social domain."""
