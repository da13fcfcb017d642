## Publishing to channels, complete (per-channel texts, edits and removals, calendar)
syndication-no-alt = The cover image has no alt text, so this post is not sent to any channel. Describe the image in the post's form (or in the media library) and save.
syndication-own-text = Own text for { $channel }
syndication-own-text-hint = Leave it empty to send the title and excerpt. The post's link, tagged with the channel, is always added at the end and counts towards the limit.
error-syndication-text-too-long = The text with the link is too long for the platform.
delivery-removed = Removed from the channel
delivery-updated = Updated on the channel
delivery-events = Everything that happened to the copies
delivery-event-at = When
delivery-event-channel = Channel
delivery-event-kind = Action
delivery-event-outcome = Outcome
delivery-kind-publish = Publish
delivery-kind-update = Update
delivery-kind-delete = Remove
blog-syndication = Publishing to channels
blog-syndication-defaults = Channels a new post is sent to (the team can change it per post)
blog-syndication-remove = Remove the copies on the channels when a post is unpublished
blog-syndication-also-on = Show links to the copies under each post ("Also on")
also-on = Also on
connection-disconnect-confirm = Yes, disconnect: Lykta forgets the keys and stops sending to this channel (what was sent stays on the channel and in the history)
error-disconnect-confirm = Tick the box to confirm that the channel is to be disconnected.
connection-real-account-hint = To connect a real account: enter the address of its server (for Mastodon, for example https://mastodon.social), press Connect, sign in there as the organisation's account and approve Lykta. You come back here when it is done.
channel-in-flight-heading = Deliveries on their way
channel-in-flight-hint = These posts are still waiting to go out on this channel. The channel cannot be closed until they are sent — or disconnect it first: then they stop and remain in each post's history as not sent.
error-channel-in-flight = The channel still has deliveries on their way and cannot be closed. See the list under Deliveries on their way.
calendar-channels = Goes out on
dashboard-channels = Channels this month
dashboard-channel-sent = { $count ->
    [one] { $count } sent
   *[other] { $count } sent
}
dashboard-channel-failed = { $count ->
    [one] { $count } failed
   *[other] { $count } failed
}
dashboard-channel-retry = Retry the oldest
delivery-chosen = Chosen, goes out when published
delivery-open-post = The post's deliveries
