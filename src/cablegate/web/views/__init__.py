"""One module per page family; each view reads the request, calls the library, renders a context."""
