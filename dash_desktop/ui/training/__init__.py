"""Training mode's screens: the scenario picker, the scenario and its form, the feedback, the
trainer's class sessions, and a presentation mode for projecting. They run on the training store
only: nothing here imports the case store (a test checks)."""
