"""The web archive: an ASGI app (Starlette + Jinja2) over the library's store and search.

``cablegate.web.app.create_app(db_path)`` builds it; ``cablegate.web.cli.serve_command`` runs it.
"""
