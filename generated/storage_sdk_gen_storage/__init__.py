"""A client library for accessing opengater-storage upload API

Generated from the spec by openapi-python-client with storage-sdk's templates: ``api`` builds
requests and parses answers, ``models`` holds the models. Sending is storage-sdk's job."""
