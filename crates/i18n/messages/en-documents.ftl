# The editor for every versioned document (pages, guideline drafts, playbooks): autosave and its conflicts.
autosave-found-stale = Someone else has saved a newer version since. If you fetch the text, their version is shown beside it, and nothing is thrown away.
notice-autosave-restored-stale = The automatically saved text is now in the form. Someone else saved a newer version after you wrote it – it is shown below. Carry over what you want to keep and save.
editor-autosaved-stale = Your text was saved automatically, but someone else has saved a newer version since you opened the page. When you save, both versions are shown – nothing is thrown away.
editor-preview-field = The preview shows the field “{ $field }”.
