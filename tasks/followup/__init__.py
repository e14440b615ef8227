"""Follow-up after a plan goes out: open periods, collect, review, remind, chase, digest, what supervisors see."""
