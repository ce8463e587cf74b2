"""Transport: Socket.IO events, REST, the Origin check, limits and metrics."""
