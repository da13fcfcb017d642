## The dashboard's to-do list (routes/admin/dashboard.rs)
todo-nothing = Nothing waits for you right now. New reviews, comments and requests show up here as they arrive.
todo-reviews = { $count ->
    [one] One post waits for your review in { $blog }
   *[other] { $count } posts wait for your review in { $blog }
}
todo-ready = { $count ->
    [one] One post is approved, ready to publish in { $blog }
   *[other] { $count } posts are approved, ready to publish in { $blog }
}
todo-changes = { $count ->
    [one] One of your drafts has changes requested in { $blog }
   *[other] { $count } of your drafts have changes requested in { $blog }
}
todo-comments = { $count ->
    [one] One comment waits for moderation in { $blog }
   *[other] { $count } comments wait for moderation in { $blog }
}
todo-questions = { $count ->
    [one] One reader's question waits for an answer in { $blog }
   *[other] { $count } readers' questions wait for an answer in { $blog }
}
todo-comment-on = { $who } on “{ $post }”
todo-due = answer by { $at }
todo-overdue-since = overdue, should have been answered by { $at }
todo-incidents = { $count ->
    [one] One reported incident waits to be handled
   *[other] { $count } reported incidents wait to be handled
}
todo-channel-requests = { $count ->
    [one] One channel request waits for a decision
   *[other] { $count } channel requests wait for a decision
}
todo-failed-jobs = { $count ->
    [one] One job failed and waits for you
   *[other] { $count } jobs failed and wait for you
}

## Filters on admin lists
posts-filter-workflow = Show posts that are
filter-all = All
filter-apply = Show
filter-clear = Show all
no-posts-filtered = No posts in this state. Choose “All” to see every post in the blog.
incidents-filter-open = Open incidents only
channels-filter-status = Only channels that are

## Incident reports: the team's mail and the reporter's receipt (app/notify.rs, admin/incident.html)
scenario-advice = Advice to the person reporting
scenario-advice-hint = Shown on the receipt and in the receipt e-mail to whoever reports an incident of this kind, for example “In acute danger? Call 112.” One piece of advice per line.
incident-receipt-heading = What happens now?
incident-receipt-received = Thank you! We have received your report (number { $number }). The communications team has been told by e-mail, and you get a receipt by e-mail.
incident-receipt-next = The communications team reads your report and gets in touch with you, usually the same working day. They handle the incident step by step following the scenario, and you can follow it on this page. You can add screenshots here while the incident is open.
incident-receipt-emergency = Are you or someone else in acute danger? Call 112. Threats can be reported to the police: call 114 14 or report at polisen.se.
mail-incident-sensitive = The report is marked sensitive.
mail-incident-team-subject = New incident to handle: { $title }
mail-incident-team-body = { $who } has reported an incident in Lykta.

    Title: { $title }
    Scenario: { $kind }
    { $sensitive }

    Read the report and handle it here:
    { $url }
mail-incident-receipt-subject = We have received your report: { $title }
mail-incident-receipt-body = Hello { $who },

    thank you for reporting “{ $title }”. The communications team has been told.

    Your report and what is done about it:
    { $url }

## The admin shell (templates/admin/base.html, templates/base.html)
nav-admin = Administration
nav-menu = Menu
nav-group-write = Write
nav-group-dialogue = Dialogue
nav-group-organisation = Organisation
nav-group-operations = Operations
nav-group-me = My account

## Empty states that say what to do
empty-incidents = There are no incidents here. Has something happened on social media that concerns you or the organisation? Choose “Report an incident” above.
empty-channels-filtered = No channels in this state. Choose “All” to see the whole inventory.
