"""Not used: storage-sdk's facade (``storage_sdk``) sends the requests this package builds.

storage-sdk: the generator's ``Client`` / ``AuthenticatedClient`` are left out on purpose (see
openapi/templates/README.md); each operation module only builds a request and parses an answer.
"""
