"""The API's own pages: the root listing of endpoints and the schema documentation."""
