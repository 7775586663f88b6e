"""The CDE API client: authentication, retries, deadlines and the reading of responses."""
