"""The HTML pages: server-rendered Jinja2, Spanish, thin callers of `workflow` like the API."""
