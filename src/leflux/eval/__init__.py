"""``leflux eval``: visitor requests from a task file, run in headless Chromium against
the real widget and server, checked on the page itself."""
