# E-mail subscriptions: the form, the link pages, the mail and the admin.
subs-title = Subscribe by e-mail
subs-heading = Follow { $blog } by e-mail
subs-help = Type your e-mail address and we will send a message with a link that confirms the subscription. You get nothing else until you have followed the link.
subs-privacy = We use the address for these messages only. Every message has a link to unsubscribe in one click, download your data or delete it.
subs-frequency = How often do you want e-mail?
subs-frequency-post = A message for each new post
subs-frequency-weekly = A weekly digest
subs-button = Subscribe
subs-sent = Thank you! Unless the address is subscribed already, a message with a link that confirms the subscription is on its way. The link works for a day.
subs-too-many = You have sent the form many times in a short while. Please wait a moment and try again.
subs-error-frequency = Choose how often you want e-mail.
subs-error-email = Your account has no valid e-mail address.
subs-back = Back to { $blog }
subs-to-front = To the front page
subs-account-help = You are signed in and can subscribe with { $email }, without a confirmation message.
subs-account-button = Subscribe with my account
subs-account-change = Save
subs-account-stop = Unsubscribe
subs-you-follow = You subscribe with { $email }: { $frequency }.
subs-subscribed = Done! You now subscribe to { $blog }.
subs-stopped = You no longer subscribe to { $blog }.
subs-confirm-question = Do you want to subscribe to { $blog } with { $email }?
subs-confirm-button = Yes, confirm the subscription
subs-confirmed = Thank you! You now subscribe to { $blog }. Every message has a link to unsubscribe.
subs-unsubscribe-question = Do you want to stop subscribing to { $blog } with { $email }? The address is then deleted.
subs-unsubscribe-button = Yes, unsubscribe
subs-unsubscribed = You no longer subscribe to { $blog }, and your address is deleted.
subs-since = Subscribed since
subs-manage-data = We keep only your address, how often you want messages and which messages we sent, and only for the subscription.
subs-export = Download your data (JSON)
subs-delete-button = Unsubscribe and delete my data
subs-link-unknown = The link does not work. It may be mistyped, or the subscription has ended.
subs-link-used = The link has been used already. The subscription is confirmed.
subs-link-expired = The link has stopped working. Subscribe again on the blog's page to get a new one.

# The mail
subs-mail-confirm-subject = Confirm your subscription to { $blog }
subs-mail-confirm-heading = Confirm your subscription
subs-mail-confirm-intro = Someone (hopefully you) wants e-mail from { $blog } at this address. Open the link to confirm. It works once, for { $hours } hours.
subs-mail-confirm-button = Confirm the subscription
subs-mail-confirm-ignore = If you did not ask for this, ignore this message. You will get nothing more, and the address is deleted in a week.
subs-mail-read = Read the whole post
subs-mail-why = You get this message because you subscribe to { $blog }.
subs-mail-unsubscribe = Unsubscribe
subs-mail-manage = Manage the subscription and your data
subs-mail-digest-subject = { $blog }: the week's posts (week { $week })
subs-mail-digest-intro = { $count ->
    [one] One new post in { $blog } last week:
   *[other] { $count } new posts in { $blog } last week:
}

# The admin
subs-admin-title = E-mail subscribers
subs-admin-count = { $confirmed ->
    [one] One confirmed subscriber
   *[other] { $confirmed } confirmed subscribers
}, { $pending } waiting for confirmation.
subs-admin-list = Show the addresses
subs-admin-back = Back to { $blog }
subs-admin-help = The addresses are shown to administrators only and used for the subscription only.
subs-admin-none = No subscribers yet.
subs-state-confirmed = Confirmed
subs-state-pending = Waiting for confirmation
subs-state-bounce = Bounces
subs-state-complaint = Complained
subs-with-account = with an account
subs-admin-undeliverable = Record a bounce or a complaint
subs-admin-kind = What happened?
subs-admin-record = Record
subs-admin-recorded = Recorded. The address gets no more subscription messages.
subs-error-kind = Choose bounce or complaint.
