"""The Police.AI web application (Litestar): a JSON API over the case core, and its pages.

Build it with :func:`policeai.web.app.create_app`.
"""
