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
people-deactivate-confirm = Yes, deactivate the account of { $name }
people-deactivate-confirm-missing = Tick the box to confirm that the account is to be deactivated. Nothing has changed.
people-mail-email-changed-subject = Your e-mail address in Lykta has changed
people-mail-email-changed-body =
    Hello { $name },

    { $by } changed the e-mail address of your account in Lykta from { $old } to { $new }. Mail from Lykta now goes to the new address, and you sign in with it.

    Is this wrong? Contact { $by } or your administrator at once so that the account can be changed back.
