# Conflicts on versioned forms, the channel import's preview, people administration.
conflict-yes = Yes
conflict-no = No
error-stale-page = Someone else changed the page while you were writing. Your text is still in the form but was not saved; their version is shown below. Carry over what you want to keep and save again.
channels-import-preview = What saving will change
channels-import-preview-summary = { $added ->
        [one] 1 channel will be added
       *[other] { $added } channels will be added
    }, { $changed } will change, { $unchanged } unchanged. Nothing has been saved yet.
channels-import-preview-caption = The file's rows and what happens to each
channels-import-row = Row
channels-import-what = What happens
channels-import-fields = Fields
channels-import-row-added = Added
channels-import-row-changed = Changed
channels-import-row-unchanged = Unchanged
channels-import-from-to = from “{ $old }” to “{ $new }”
channels-import-confirm = Save the changes
channels-import-confirm-help = Everything is saved at once, exactly as shown here. If someone has changed the inventory in the meantime, nothing is saved and you see the new changes first.
channels-import-nothing-to-save = The file changes nothing in the inventory, so there is nothing to save.
channels-import-changed = Someone has changed the channel inventory since you read in the file, so nothing was saved. This is what the file would change now. Look it over and save again.
