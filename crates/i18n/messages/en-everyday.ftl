# Conflicts on versioned forms, the channel import's preview, people administration.
conflict-yes = Yes
conflict-no = No
error-stale-page = Someone else changed the page while you were writing. Your text is still in the form but was not saved; their version is shown below. Carry over what you want to keep and save again.
