"""Agent side of the example: nothing to register; the plugin only extends the dashboard."""


def register(ctx):
    return None
