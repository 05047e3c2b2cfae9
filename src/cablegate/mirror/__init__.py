"""The static mirror: the whole archive as files any web server or CDN can serve."""
