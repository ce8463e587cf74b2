"""Session layer: per-session state in the store, persist-then-emit, resume, one socket
per session, and the serialised hand-off of client events to the task engine."""
