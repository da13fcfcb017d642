## People administration, forgotten passwords, one's own language
people-edit = Person
people-unit = Unit
people-no-unit = No unit
people-status = Status
people-status-active = Active
people-status-deactivated = Deactivated
people-last-sign-in = Last signed in
people-never = Never
people-back = ← All people
people-saved = The changes are saved.
people-deactivated = The account is deactivated. The person is signed out everywhere and cannot sign in. What they wrote and their roles in blogs stay.
people-reactivated = The account is active again. The person can sign in.
people-reset-sent = A link to choose a new password is on its way to the person's e-mail address.
people-account = Account
people-reset-help = Send a link the person can use once, within an hour, to choose a new password.
people-reset-send = Send a password-reset link
people-deactivate-help = A deactivated person cannot sign in, neither with a password nor with the organisation's sign-in, and is signed out at once. Posts, comments, roles in blogs and the public record stay.
people-deactivate = Deactivate the account
people-self-hint = You cannot deactivate your own account.
people-reactivate-help = The person can sign in again with their password or the organisation's sign-in.
people-reactivate = Reactivate the account
people-history = Changes to the account
people-history-none = No changes yet.
people-by-server = the server (lykta user)
people-action-edit = changed by { $who }
people-action-deactivate = deactivated by { $who }
people-action-reactivate = reactivated by { $who }
people-action-reset-link = password-reset link sent at the request of { $who }
people-action-password-reset = new password chosen with a link
people-action-password-change = password changed by { $who }
people-field-name = name
people-field-email = e-mail address
people-field-role = role
people-field-unit = unit
people-error-last-admin = Not possible: the organisation must keep at least one active administrator. Make someone else an administrator first.
people-error-self = You cannot deactivate your own account. Ask another administrator.
people-error-reset-deactivated = The account is deactivated. Reactivate it first if the person should be able to sign in again.
people-error-stale = Someone else changed this person while you were writing. What you wrote is still in the form but was not saved; their version is shown below. Carry over what you want to keep and save again.
people-error-deactivated = Your account is deactivated. Contact an administrator if you need access to it.
people-forgot-link = Forgot your password?
people-forgot-title = Forgot your password
people-forgot-help = Enter the e-mail address you sign in with. If it has an account here, we send a link where you choose a new password. The link works once, for an hour.
people-forgot-send = Send link
people-forgot-sent = If an account exists with that address, a link is on its way to it. Check your e-mail, including the spam folder.
people-forgot-too-many = You have asked for too many links in a short time. Wait an hour and try again, or contact an administrator.
people-back-to-sign-in = Back to signing in
people-reset-title = Choose a new password
people-reset-signs-out = When you save, you are signed out on every other device, and the link stops working.
people-reset-save = Save the new password
people-reset-done = Your new password is saved. Sign in with it.
people-reset-unknown = The link does not exist or cannot be used. Check that you have the whole address from the mail, or ask for a new link.
people-reset-used = The link has been used already. Ask for a new link if you need to change your password again.
people-reset-expired = The link has expired (it works for an hour). Ask for a new link.
people-reset-ask-again = Ask for a new link
people-language = Language
people-language-hint = The language of the admin and of the e-mail Lykta sends you.
people-language-org = The organisation's language ({ $language })
people-password-hint-keep = At least 10 characters. Leave empty to keep your current password. Changing it signs you out on every other device.
people-mail-reset-subject = Choose a new password in Lykta
people-mail-reset-body =
    Hello { $name },

    Someone (hopefully you) asked to choose a new password for your account. Open the link to do so. It works once, for { $minutes } minutes:
    { $url }

    If you did not ask for this, ignore this mail. Your password does not change.
people-mail-provider-body =
    Hello { $name },

    Someone (hopefully you) asked for a new password for your account. You sign in with the organisation's sign-in and have no password of your own in Lykta. Choose the organisation's sign-in button on the sign-in page:
    { $url }

    If you forgot the password of the organisation's sign-in, contact IT support.
