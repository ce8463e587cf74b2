"""The agent: task engine, high-stakes gate and planners."""
