"""kehoach: the ground floor (settings, clock, working-day calendar) and the CLI on top."""
