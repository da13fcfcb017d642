# Lykta – English
skip-to-content = Skip to content
nav-site = Site
admin = Edit
sign-in = Sign in
sign-out = Sign out
phone = Phone
powered-by = Published with Lykta.
accessibility-statement = Accessibility statement
front-description = Our blogs tell the story of our work, by the people who do it.
our-blogs = Our blogs
latest-posts = Latest posts
no-posts = No posts here yet.
internal-blog = Internal blog – staff only
pagination = Pages
newer-posts = ← Newer posts
older-posts = Older posts →
page-of = Page { $page } of { $pages }
by = by
tags = Topics
tag-heading = Posts about { $tag }
updated = Updated
back-to-blog = Back to { $blog }
go-home = Go to the front page
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

error-not-found-title = Page not found
error-not-found = We cannot find the page you are looking for. It may have moved, or the address may be misspelt.
error-gone-title = This post has been removed
error-gone = The post has been unpublished and is no longer on the site.
error-forbidden-title = You do not have permission
error-forbidden = Your account may not do this. Ask an administrator if you need to.
error-csrf-title = The form could not be sent
error-csrf = The form was too old or came from another site. Reload the page and try again.
error-too-many-title = Too many attempts
error-too-many = You have tried too many times. Wait a while and try again.
error-internal-title = Something went wrong
error-internal = A technical error occurred. Nothing you wrote has been lost in the database. Please try again shortly.
error-action-title = Unknown action
error-action = That action does not exist.
error-version-title = The form has no version
error-version = The form is missing its version number. Reload the page and try again.
error-upload-title = The upload failed
error-upload = The file did not arrive whole. Please try again.

error-required = This field is required.
error-too-long = The text is too long.
error-control-chars = The text contains characters that are not allowed.
error-body-too-long = The text is too long (at most 200,000 characters).
error-slug-empty = The address must contain at least one letter or digit.
error-slug-reserved = That address is reserved. Choose another.
error-busy-title = Many people are writing right now
error-busy = What you sent was not saved, because many people are writing at once. Go back and send it again in a moment.
error-comments-slow = Many comments are waiting to be read right now, so we are not taking new ones from new senders. Your text is still here – please try again in a while.
comments-slow-title = Comments are taking a break
comments-slow-kept = Your comment (copy it if you want to send it later)
comments-slow-back = Back to “{ $title }”
error-incident-too-many = You have reported many incidents in the last hour. Your text is still here – send it in a while, or call the communications department if it is urgent.
error-too-large-title = Too large
error-too-large = What you sent is too large. An image may be at most 10 MB and a form at most 512 kB.
error-slug-long = The address may be at most 80 characters long.
error-slug-taken = That address is already in use. Choose another.
error-email = Enter a valid e-mail address, such as name@example.org.
error-email-taken = There is already an account with that e-mail address.
error-language = Choose Swedish or English.
error-audience = Choose public or internal.
error-state = Unknown state.
error-role = Choose a role.
error-datetime = Enter date and time as YYYY-MM-DD HH:MM.
error-unit = Choose a unit from the list.
error-tag = A topic may have at most 50 characters and must contain a letter or digit.
error-too-many-tags = At most 10 topics per post.
error-author = Choose authors from the list.
error-media = Choose an image from the list.
error-alt-required = The image needs alternative text that describes it.
error-number = Enter a whole number from 0 to 1000.
error-schedule-past = That time has already passed. Choose a time ahead.
error-publish-empty = The post has no text and cannot be published.
error-stale = Someone else saved this post while you were writing. Your text is still in the form but was not saved. Copy what you want to keep and reload the page.
error-sign-in = Wrong e-mail address or password.
error-locked = The account is locked for a while after too many failed attempts. Try again in 15 minutes.
error-password-required = Enter your password.
error-password-short = The password must have at least 10 characters.
error-file-required = Choose an image file.
error-file-too-large = The file is too large. The largest size is 10 MB.
error-file-type = That file type is not supported. Use JPEG, PNG, WebP or GIF.
error-file-pixels = The image has too many pixels (at most 40 megapixels).
error-file-corrupt = The file is damaged or not a real image.

notice-saved = Saved.
form-has-errors = The form has errors. Correct the fields below.
required = required
email = E-mail address
password = Password
new-password = New password
password-hint = At least 10 characters.
name = Name
job-title = Job title
bio = Short bio
photo = Portrait
role = Role
role-admin = Administrator
add-user = Add person
signed-in-as = Signed in as { $name }.

admin-dashboard = Overview
admin-media = Images
admin-profile = My profile
admin-users = People
admin-organisation = Organisation
admin-new-blog = New blog
admin-edit-blog = Blog settings
admin-posts = Posts
admin-new-post = New post
admin-edit-post = Edit post
admin-new-page = New page
admin-edit-page = Edit page
blog = Blog
blog-name = Blog name
org-name = Organisation name
slug = Address
slug-hint = Leave empty to make the address from the name. Å, ä and ö become a, a and o.
tagline = Tagline
language = Language
language-sv = Swedish
language-en = English
audience = Audience
audience-public = Public – anyone can read
audience-internal = Internal – signed-in staff only
unit = Unit
units = Units
building-blocks = Building blocks: purpose, goal, time and engagement
purpose = Purpose
purpose-hint = What is the blog for, and why?
goal = Goal
goal-hint = What do you want to achieve? Preferably something measurable.
resources = Time and resources
resources-hint = Who writes, how often, and who has given time for it?
engagement = Engagement
engagement-hint = Who cares about this, and are the managers on board?
view-blog = View the blog
view-post = View the post
title = Title
excerpt = Excerpt
excerpt-hint = One or two sentences shown in listings and when the post is shared.
body = Text
markdown-hint = Write in Markdown: ## for a subheading, *italic*, **bold**, [link text](address), - for a bullet list.
tags-hint = Separate topics with commas.
authors = Authors
cover-image = Cover image
no-image = No image
alt-text = Alternative text
alt-hint = Describe what the image shows for someone who cannot see it.
save = Save
save-draft = Save draft
preview = Preview
publishing = Publishing
publish-now = Publish now
publish-at = Publication time (Swedish time)
schedule = Schedule
unpublish = Unpublish
back-to-draft = Make draft
state = State
state-draft = Draft
state-scheduled = Scheduled
state-published = Published
state-unpublished = Unpublished
revisions = Revisions
version = version
event-created = Created
event-edited = Edited
event-published = Published
event-scheduled = Scheduled
event-unpublished = Unpublished
event-draft = Made draft
event-published-on-schedule = Published on schedule
pages = Pages
no-pages = No pages yet.
hidden = hidden
position = Menu order
page-published = Show the page on the site
image-file = Image file
upload-hint = JPEG, PNG, WebP or GIF, at most 10 MB. Location data and other metadata are removed.
upload = Upload
no-media = No images yet.
logo = Logo
unit-name = Unit name
add-unit = Add unit
no-units = No units yet.
error-unit-taken = There is already a unit with that name.
writing-aids = Writing aids
readability-summary = { $measure } { $score } ({ $words } words, { $sentences } sentences):
readability-help-lix = LIX = words per sentence + percentage of words longer than six letters. Under 30 very easy, 30–40 easy, 40–50 medium, 50–60 hard, over 60 very hard. Public-sector text should stay under 40.
readability-help-flesch = Flesch reading ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word. Over 80 very easy, 70–80 easy, 50–70 medium, 30–50 hard, under 30 very hard.
readability-very-easy = very easy
readability-easy = easy
readability-medium = medium
readability-hard = hard
readability-very-hard = very hard
check-blocking = Must be fixed before publishing
check-warning = Consider
check-none = No accessibility problems found.
check-image-alt = An image has no alternative text.
check-link-empty = A link has no text.
check-heading-skipped = A heading level is skipped.
check-link-vague = The link text does not say where the link goes. Say what the reader will find.
check-long-sentence = A very long sentence. Consider splitting it.
check-capitals = Text in capitals is hard to read.
warning-raw-html = HTML code is shown as text. Use Markdown instead.
warning-unsafe-link = An unsafe link (such as javascript:) was removed.
error-publish-blocked = The post has accessibility problems that must be fixed before publishing. See Writing aids.
admin-revision = Compare versions
back-to-post = Back to “{ $title }”
comparing = Version { $version } compared with the current version { $current }.
saved = Saved
diff-legend = Removed text is struck through, added text is underlined.
diff-added = Added
diff-removed = Removed
restore = Restore this version
restore-help = The title, excerpt and text become as in this version. It is saved as a new version; nothing is lost.
compare-with-current = compare version { $version } with the current one
event-restored = Restored from an earlier version
error-stale-title = Someone else has saved
admin-members = The blog's team
members-help = The editor runs the blog and publishes. Authors write and publish their own posts. Guest authors write drafts but do not publish, and their access ends. Reviewers read drafts. Moderators look after comments.
blog-role-editor = Editor
blog-role-author = Author
blog-role-guest = Guest author
blog-role-reviewer = Reviewer
blog-role-moderator = Moderator
access-until = Access until
remove = Remove
no-members = Nobody has a role in this blog yet.
add-member = Give someone a role
member-email-hint = The person must have an account.
access-days = Access for this many days
access-days-hint = Leave empty for no end date. Guest authors get 30 days unless given (at most 365).
error-days = Enter a number of days from 1 to 365.
error-no-such-person = There is no account with that e-mail address.
error-blog-role = Choose a role from the list.
role-communicator = Communicator
role-employee = Employee
review = Review
workflow = Review state
workflow-draft = Draft
workflow-in_review = Waiting for review
workflow-changes_requested = Changes requested
workflow-approved = Approved
requires-approval = Posts must be approved by a reviewer or editor before they are published
requires-approval-note = This blog requires approval before publishing.
note-to-reviewer = Message to the reviewer (optional)
submit-for-review = Send for review
review-note = Comment
review-note-hint = Say what needs to change. Only the team sees the comment.
approve = Approve
request-changes = Ask for changes
event-submitted = Sent for review
event-approved = Approved
event-changes-requested = Changes requested
error-note-required = Say what needs to change.
error-review-step = The post is not in a state where this is possible. Reload the page.
error-needs-approval = This blog requires the post to be approved before it is published. Send it for review.
error-workflow = Unknown review state.
chart-title = Published posts per month in { $blog } (target { $target } a month)
cadence-target = Target: { $target ->
        [one] 1 post
       *[other] { $target } posts
    } a month.
behind-target = Behind target this year.
this-month = This month
this-quarter = This quarter
this-year = This year
of = of
no-target = The blog has no target for how often it publishes.
waiting-for-review = { $count } posts wait for review
posts-per-month = Target: posts a month
posts-per-month-hint = For example 1. Leave empty or 0 for no target.
error-posts-per-month = Enter a whole number from 0 to 100.
notice-unscheduled = Saved. The post was scheduled but no longer meets the requirements for publishing (accessibility or approval), so it is a draft again.

## Review: text changed since read
error-changed-since-read-title = The post has changed
error-changed-since-read = The post has changed since you read it. Reload the page, read the new version and review again.
workflow-idea = Idea
event-started = Writing started

## E-mail
mail-footer = This message is from Lykta. Choose which messages you get at { $url }
mail-review-submitted-subject = To review: { $title }
mail-review-submitted-body =
    { $who } asks you to review “{ $title }” in { $blog }.

    { $note }

    Read it and approve or send it back: { $url }
mail-review-approved-subject = Approved: { $title }
mail-review-approved-body =
    { $who } has approved “{ $title }” in { $blog }. It can now be published or scheduled.

    { $note }

    { $url }
mail-review-changes-subject = Changes requested: { $title }
mail-review-changes-body =
    { $who } asks you to change “{ $title }” in { $blog }:

    { $note }

    { $url }
mail-reminder-subject = Reminder: { $title } is due { $date }
mail-reminder-body =
    “{ $title }” in the year plan of { $blog } is due { $date } (in { $days } days).

    { $url }
mail-digest-subject = This week in your blogs, week { $week }
mail-digest-intro = Here is how things stand in the blogs you edit, week { $week }.
mail-digest-review = Waiting for review
mail-digest-overdue = Overdue in the year plan
mail-digest-coming = Coming up in the next two weeks
mail-invitation-subject = Invitation to { $blog }
mail-invitation-body =
    { $who } invites you as { $role } in { $blog }.

    Open the link to accept. It works once, until { $until }:
    { $url }

## Team: notes, invitations, ideas, mail, calendars, outbox
admin-outbox = Outbox
outbox-help = Every e-mail Lykta has sent or will send, newest first. Each message is sent once.
outbox-no-smtp = No mail server is set up (smtp_url). Messages are kept here but not sent.
outbox-empty = No messages yet.
outbox-sent = sent
outbox-not-sent = not sent
outbox-queued = queued
outbox-to = To
calendar-mine = My calendar
calendar-hint = Subscribe to the link in Outlook or any calendar app to see your year-plan items and scheduled posts. The link is secret: whoever has it sees the calendar. Replace it if it has spread – the old one then stops working.
calendar-link = Calendar link
calendar-create = Create a calendar link
calendar-replace = Replace with a new link
calendar-theme = Theme
calendar-assignee = Assignee
calendar-status = Status
mail-prefs = E-mail from Lykta
mail-prefs-legend = I want
mail-pref-reminders = reminders before something I am responsible for in the year plan is due
mail-pref-reviews = messages when something waits for my review or my post has been reviewed
mail-pref-digest = a weekly summary on Mondays (for editors)
reminder-days = Remind me this many days before (1–30)
error-reminder-days = Enter a number of days from 1 to 30.
error-date = Enter a date as YYYY-MM-DD, for example 2026-03-15.
error-channel = Choose a channel from the list.
error-plan-status = Choose a status from the list.
error-publish-idea = The post is only an idea so far. Choose “Start writing” before it can be published.
keep-as-idea = Save as an idea (nobody is writing it yet)
idea-hint = This is an idea. When someone starts writing it becomes a draft.
start-writing = Start writing
notes = Internal notes
notes-hint = Only the blog's team sees the notes. They are never published.
no-notes = No notes yet.
note-new = New note
note-add = Add note
note-reply = Reply
note-resolve = Mark as resolved
note-reopen = Reopen
note-resolved = Resolved by { $who }
open-notes = { $count ->
    [one] 1 open note
   *[other] { $count } open notes
}
invite-heading = Invite by e-mail
invite-help = The person gets a link that works once, for 14 days. Without an account, one is created when they accept.
invite-send = Send invitation
invitations = Invitations
invitation-status = Status
invitation-pending = waiting for an answer
invitation-used = used
invitation-revoked = revoked
invitation-expired = expired
invitation-revoke = Revoke
invited-by = Invited by { $who }
until = until
error-already-member = The person is already in the blog.
error-invitation-not-pending = The invitation is already used or revoked.
invitation-title = Invitation
invitation-intro = { $who } invites you as { $role } in { $blog }.
invitation-access-until = Your access lasts until { $date }.
invitation-accept-as = You are signed in as { $name }.
invitation-accept = Accept
invitation-has-account = There is already an account for { $email }. Sign in first and you will come back here.
invitation-new-account = Create your account for { $email }.
error-invitation-unknown = The link does not exist. Check that you copied the whole link, or ask for a new invitation.
error-invitation-used = The invitation has already been used. Sign in, or ask for a new invitation.
error-invitation-revoked = The invitation has been revoked. Ask the person who invited you for a new one.
error-invitation-expired = The invitation has expired. Ask the person who invited you for a new one.
error-invitation-sign-in-first = There is already an account with this address. Sign in first and open the link again.
blog-plan-link = Year plan
dashboard-overdue = Overdue in the year plan
dashboard-upcoming = Next 30 days in the year plan
dashboard-none-overdue = Nothing is overdue.
dashboard-none-upcoming = Nothing planned in the next 30 days.
dashboard-overdue-marker = Overdue
dashboard-plan-waiting = The year plan for { $year } waits for approval
error-invitation-not-pending-title = The invitation cannot be revoked
error-invitation-used-title = The invitation is used
calendar-blog = The blog's calendar

## Comments and moderation
comments = Comments
comments-none = No comments yet.
comments-closed = Comments are closed for this post.
comment = Comment
comment-write = Write a comment
comment-send = Send the comment
comment-as = You comment as { $name }.
comment-email-hint = Never shown. We use it only if we need to reach you about the comment.
comment-premoderated = Comments are reviewed before they appear.
comment-public-record = Comments to a public body are public records and are kept, also those not published.
comment-honeypot = Leave this field empty
comment-answer = Answer from { $org }
comment-report = Report the comment
comment-notice-published = Thank you! Your comment is published.
comment-notice-pending = Thank you! Your comment appears when a moderator has approved it.
comment-notice-reported = Thank you! A moderator will look at the comment.
error-comment-links = The comment has too many links (three at most).
error-comment-duplicate = This comment has already been received.
error-comments-closed-title = Comments are closed
error-comments-closed = This post no longer takes comments.
error-comment-reason-title = Give a reason
error-comment-reason = Choose a reason from the list when you reject or hide a comment.
error-comment-none-title = No comment chosen
error-comment-none = Tick at least one comment and try again.
error-moderation = Choose moderation before or after publication.
admin-comments = Comments
comments-slow-mode = Slow mode: so many comments are waiting that new ones from unknown senders are not taken just now. Signed-in employees and people with a comment published before get through. It turns off by itself when the queue is shorter.
comments-slow-mode-where = { $name }: { $count } waiting
comments-queue-help = Waiting and reported comments, oldest first, with their age in working hours against the blog's target.
comments-done = { $count ->
    [one] 1 comment changed.
   *[other] { $count } comments changed.
}
all-blogs = All blogs
comments-waiting = Waiting or reported
comments-older-than = Older than (hours)
filter = Show
comments-on = on
comments-age = { $hours } working hours old (target { $target })
comments-overdue = Overdue
comments-reported = { $count ->
    [one] reported once
   *[other] reported { $count } times
}
comments-decide = Decision for the ticked comments
comments-decision = Decision
comments-approve = Approve
comments-reject = Reject
comments-hide = Hide (after publication)
comments-spam = Spam
comments-secret = Secret or a case (hidden, to the registrar)
comments-reason = Reason
comments-reason-hint = Required when you reject or hide. The decision is kept with your name, the time and the reason.
comments-note = Moderator's note
comments-apply = Apply the decision
comments-answer-to = Answer { $name } as the organisation
comments-answer = Publish the answer
comments-queue-empty = Nothing waits. Well done!
comment-state-pending = Waiting
comment-state-published = Published
comment-state-rejected = Rejected
comment-state-hidden = Hidden
comment-state-spam = Spam
comment-state-secret = Secret or a case
reason-threat = Unlawful threat
reason-hate-speech = Hate speech against a group
reason-incitement = Incitement
reason-child-abuse = Child sexual abuse material
reason-violence = Unlawful depiction of violence
reason-copyright = Copyright infringement
reason-privacy = Privacy violation (e.g. patient data)
reason-spam = Spam
reason-off-topic = Off-topic
reason-personal-attack = Personal attack
mail-escalate-moderate-subject = Waiting too long: a comment in { $blog }
mail-escalate-moderate-body =
    A comment from { $who } on “{ $post }” has waited for a decision for { $hours } working hours (the target is { $target }).

    { $url }
mail-slow-mode-subject = Slow mode in { $blog }: { $count } comments waiting
mail-slow-mode-body =
    { $count } comments are waiting for a decision in { $where }. Until the queue is shorter, { $blog } takes no new comments from unknown senders; signed-in employees and people with a comment published before get through.

    Go through the queue: { $url }
mail-escalate-answer-subject = Unanswered question in { $blog }
mail-escalate-answer-body =
    { $who } asked about “{ $post }” { $hours } working hours ago and has had no answer (the target is { $target } hours).

    { $url }
comment-settings = Comments
comment-settings-enabled = Readers may comment on the posts
comment-settings-close = Close comments after (days)
comment-settings-close-hint = Counted from publication. 0 means they never close.
comment-settings-moderation = Moderation
moderation-pre = Before publication (default for public blogs)
moderation-post = After publication (default for internal blogs)
comment-settings-post = Readers may comment on this post
error-close-days-title = Invalid number of days
error-close-days = Enter a number of days from 0 to 3650.
error-moderation-title = Invalid moderation

## The public record (registrar)
role-registrar = Registrar
admin-record = Public record
admin-record-person = A person's comments
record-help = Everything Lykta published and received, in a chain that cannot be changed afterwards: published versions, comments as received (rejected ones and spam too) and every decision. Search to answer a request for public documents; put what must not be disposed of on hold.
record-text = Text
record-kind = Kind
record-any-kind = All kinds
record-from = From
record-to = Until
record-search = Search
record-results = { $count ->
    [one] 1 entry
   *[other] { $count } entries (at most 200)
}
record-entry = Entry
record-content = Content
record-hold = Hold
record-held = On hold: { $reason }
record-release = Release the hold
record-hold-reason = Reason
record-put-on-hold = Hold against disposal
record-disposed = Disposed of by the rule { $rule }
record-none = Nothing found.
record-kind-post-published = Published version
record-kind-post-unpublished = Unpublished
record-kind-comment-received = Comment received
record-kind-comment-decision = Moderation decision
record-kind-pseudonymised = Pseudonymisation
record-kind-disposal = Disposal
record-person-help = Search an e-mail address to see every comment a person has sent. The person can have them shown under a pseudonym; the record keeps what was received.
record-person-comments = Comments from { $email }
record-pseudonymise-help = Readers then see the comments as “Anonym”. The decision is recorded.
record-pseudonymise = Show under a pseudonym
record-pseudonymised = { $count ->
    [one] 1 comment is now shown under a pseudonym.
   *[other] { $count } comments are now shown under a pseudonym.
}
error-hold-reason-title = Give a reason
error-hold-reason = Write why the entry must be kept from disposal.
policy-title = Comment policy
policy-who-heading = Who runs the blog?
policy-who = { $blog } is run by { $org }.
policy-purpose = The blog's purpose: { $purpose }
policy-how-heading = How we moderate
policy-how-pre = A moderator reads comments before they are published, normally within { $hours } hours counted on working days.
policy-how-post = Comments are published at once and read by a moderator afterwards, normally within { $hours } hours counted on working days.
policy-closes = Posts take comments for { $days } days after publication.
policy-limits = To stop spam we take at most { $per_minute } comments a minute from one sender and at most { $links } links per comment.
policy-removed-heading = What we remove
policy-removed = We do not publish, or we remove, comments that contain:
policy-record-heading = Comments are public records
policy-record = Everything sent to us becomes a public record and is kept as the archive rules say, also comments that are not published. Your e-mail address is never shown. You can ask us to show your comments under a pseudonym.
policy-breach-heading = If someone breaks the rules
policy-breach = We remove the comment and write down why. Someone who breaks the rules repeatedly may be shut out for a while. Crimes may be reported to the police.
policy-own-heading = The blog's own rules
comment-settings-policy = The blog's own words in the comment policy
comment-settings-policy-hint = Markdown. The rest of the policy is written from the settings above.
comments-ban = Reject and shut the sender out for a while
comments-ban-days = Shut out for (days, when shutting out)
error-comment-banned = You cannot comment just now because earlier comments broke the comment policy.
error-ban-days-title = Invalid ban
error-ban-days = Enter a number of days from 1 to 365.
error-target-hours-title = Invalid target
error-target-hours = Enter a number of hours from 1 to 720.
comment-settings-moderation-hours = Target: decide on a comment within (working hours)
comment-settings-answer-hours = Target: answer a question within (working hours)
comment-settings-hours-hint = Counted on working days (public holidays do not count). What waits longer is sent as a reminder to moderators and editors.
comment-settings-blocked = Blocked words
comment-settings-blocked-hint = One word or phrase per line. A comment containing any of them always waits for a moderator.
record-kind-sender-banned = Sender shut out
record-kind-page-published = Published page
record-kind-page-unpublished = Hidden page
comment-reply = Reply
comment-reply-text = Your reply
record-person = Person (e-mail address)

## Channel inventory
channels-title = Our channels
channels-intro = These are { $org }'s official accounts on social media and other channels. Accounts not listed here do not speak for us.
channels-none = No channels yet.
admin-channels = Channels
admin-channel = Channel
channels-admin-help = Every account the organisation has, with the people responsible, purpose and status. Units ask for new channels; central communications approve or decline with a reason.
channels-public-link = The public list
channel-request = Ask for a new channel
channel-add = Add a channel
channel-edit = Edit the channel
channel-name = Name
channel-platform = Platform
channel-url = Address
channel-url-hint = The whole address, for example https://www.linkedin.com/company/region-alvdal
channel-unit = Unit
channel-owners = Responsible
channel-owners-hint = At least two people, so the channel is never left without someone during holidays or job changes.
channel-owner-left = has left
channel-purpose = Purpose
channel-goal = Goal
channel-audience = Audience
channel-cadence = Intended cadence
channel-cadence-hint = For example “two posts a week”.
channel-last-activity = Last activity
channel-health = To look at
channel-reason = Reason
channel-approve = Approve
channel-decline = Decline
channel-status-requested = Requested
channel-status-active = Active
channel-status-paused = Paused
channel-status-closed = Closed
channel-status-declined = Declined
health-ok = Nothing
health-single-owner = Fewer than two responsible
health-owner-left = A responsible person has left
health-quiet = No activity for 90 days
health-no-purpose = No purpose or goal
platform-facebook = Facebook
platform-instagram = Instagram
platform-linkedin = LinkedIn
platform-x = X
platform-youtube = YouTube
platform-tiktok = TikTok
platform-mastodon = Mastodon
platform-bluesky = Bluesky
platform-website = Website
platform-newsletter = Newsletter
platform-other = Other
error-platform = Choose a platform from the list.
error-channel-status = Choose a status from the list.
error-channel-url = Enter the whole address, with https://.
error-channel-url-taken = This address is already in the inventory.
error-unknown-unit = Choose a unit from the list.
error-channel-owner = Choose at least one responsible person.
error-channel-reason-title = Give a reason
error-channel-reason = Write why the channel is declined.
error-channel-decided-title = Already decided
error-channel-decided = The request is already approved or declined.
error-stale-blog-title = Someone else has saved
error-stale-blog = Someone else changed the blog's settings while you were writing. Your text is still in the form but was not saved. Their version is shown below. Carry over what you want to keep and save again.
error-stale-channel-title = Someone else has saved
error-stale-channel = Someone else changed the channel while you were writing. Your text is still in the form but was not saved. Their version is shown below. Carry over what you want to keep and save again.
error-comment-not-answerable-title = Cannot be answered
error-comment-not-answerable = Only waiting or published comments can be answered.

## Guidelines
admin-guidelines = Guidelines
edit = Edit
guidelines-help = The social-media guidelines. Read the version in force and confirm that you have read it. The working group writes new versions; earlier versions stay readable.
# The title of the very first guidelines draft.
guidelines-first-title = Social media guidelines
guidelines-none = No guidelines yet.
guideline-new-draft = New draft
guideline-versions = Versions
guideline-version = Version
guideline-published = Published
guideline-reach = Reach
guideline-state-draft = Draft
guideline-state-published = In force
guideline-state-superseded = Superseded
guideline-superseded-note = This version is no longer in force. Read the current one under Guidelines.
guideline-summary = What changed
guideline-summary-hint = Shown to everyone and sent in the message that asks them to read it.
guideline-for-everyone = For the whole organisation
guideline-for-units = For units using social media as a work tool
guideline-for-private = For you as a private person
guideline-acknowledge-heading = Confirm
guideline-acknowledge-text = I have read the guidelines and follow them.
guideline-acknowledge = I have read and understood
guideline-acknowledged = You confirmed on { $date }. Thank you!
guideline-publish = Publish the version
guideline-edit = Edit the draft
guideline-reach-total = { $people } people: { $read } have read, { $acknowledged } have confirmed, { $not_yet } have not confirmed yet.
guideline-reach-units = Per unit
guideline-people = People
guideline-read = Have read
guideline-acknowledged-col = Have confirmed
guideline-not-yet = Not yet
guideline-csv-all = Download everyone as CSV
error-guideline-published-title = The version is published
error-guideline-published = A published version does not change. Make a new draft.
error-stale-guideline-title = Someone else has saved
error-stale-guideline = Someone else changed the draft while you were writing. Your text is still in the form but was not saved; their version is shown below. Carry over what you want to keep and save again.
error-guideline-summary-title = Say what changed
error-guideline-summary = Write a short summary of what changed before the version is published.
error-guideline-superseded-title = The version is no longer in force
error-guideline-superseded = This version has been superseded. Read and confirm the one in force.
mail-guideline-subject = Read: { $title }, version { $number }
mail-guideline-body =
    Version { $number } of { $title } is now in force. This is what changed:

    { $summary }

    Read and confirm: { $url }
mail-guideline-reminder-subject = Reminder: confirm { $title }, version { $number }
mail-guideline-reminder-body =
    You have not yet confirmed that you read version { $number } of { $title }. It takes a few minutes:

    { $url }

## Scenarios and incidents
admin-scenarios = Scenarios
admin-incidents = Incidents
scenarios-help = What can happen, and how do we handle it? Each scenario has signs to recognise, steps to take, whom to contact and ready-made texts. Every change is kept.
scenarios-none = No scenarios yet.
scenario-new = New scenario
scenario-edit = Edit the scenario
scenario-triggers = How you recognise it
scenario-steps = Steps
scenario-steps-hint = One step per line. The steps become a checklist when an incident is handled.
scenario-contacts = Whom we contact
scenario-templates = Message templates
scenario-version = Version { $version } (all { $versions } versions kept)
incidents-help = Has something happened on social media that concerns you or the organisation? Report it here. The communications team handles it as the scenario says.
incidents-team = All incidents
incidents-mine = My reports
incident-report = Report an incident
incident-scenario = Scenario
incident-other = Other
incident-description = What happened?
incident-links = Links or screenshots
incident-links-hint = One address per line.
incident-hide-name = Show my name only to the communications team
incident-sensitive-label = Sensitive (for example patient data)
incident-send = Send the report
incident-warn-name = You chose to hide your name, but the text seems to name you. Change the text, or confirm that you want to send it anyway.
incident-send-anyway = Send anyway
incident-reported = Reported
incident-by = reported by { $name }
incident-name-hidden = the name is shown only to the communications team
incident-sensitive = Sensitive
incident-status-open = New
incident-status-handling = Being handled
incident-status-closed = Closed
incident-checklist = Steps from the scenario
incident-step-done = Done:
incident-mark-done = Mark as done
incident-log = Log
incident-log-empty = Nothing logged yet.
incident-log-entry = What was done?
incident-add-entry = Add to the log
incident-closing-notes = Closing notes
incident-close = Close the incident
error-scenario = Choose a scenario from the list, or Other.
error-stale-scenario-title = Someone else has saved
error-stale-scenario = Someone else changed the scenario while you were writing. Your text is still in the form but was not saved; their version is shown above the form. Carry over what you want to keep and save again.
error-incident-closed-title = The incident is closed
error-incident-closed = The incident is already closed.
error-incident-entry-title = Say what was done
error-incident-entry = Write a line about what was done.
error-incident-notes-title = Write closing notes
error-incident-notes = Write how the incident ended before you close it.
record-kind-incident-reported = Incident reported
record-kind-incident-closed = Incident closed
