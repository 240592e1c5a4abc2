"""The ``policeai`` command: run the web app, load demo data, manage users and read models."""
