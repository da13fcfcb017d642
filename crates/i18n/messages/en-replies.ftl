# The moderation queue in pages, and decisions that reach the platform.

## The queue in pages
moderation-waiting = { $count ->
    [0] Nothing is waiting
    [one] { $n } waiting or reported
   *[other] { $n } waiting or reported
}
moderation-source = From
moderation-source-all = All sources
moderation-source-site = The website
moderation-pages-top = Queue pages, top
moderation-pages-bottom = Queue pages, bottom
moderation-page-start = First page
moderation-page-prev = Previous page
moderation-page-next = Next page
moderation-page-shown = Showing { $first }–{ $last } of { $total }
moderation-pick-page = Tick every comment on this page
moderation-bulk-page = The queue shows one page at a time: tick the comments on the page in front of you.

## Decisions that reach the platform
platform-action-hide-queued = Being hidden on { $platform } …
platform-action-hide-done = Hidden on { $platform } too.
platform-action-hide-failed = Could not be hidden on { $platform }.
platform-action-hide-reauthenticate = Could not be hidden on { $platform }: the channel needs to be connected again.
platform-action-answer-queued = The organisation's answer is on its way to { $platform } …
platform-action-answer-done = The organisation answered on { $platform }:
platform-action-answer-failed = The organisation's answer could not be sent to { $platform }.
platform-action-answer-reauthenticate = The organisation's answer could not be sent to { $platform }: the channel needs to be connected again.
platform-action-open = Open the answer there
platform-hide-yourself = { $platform }: hide the comment there yourself (Lykta cannot hide it for you).
platform-answer = Answer on { $platform } as the organisation
platform-answer-to = Answer to { $name } on { $platform }
platform-answer-hint = Published under the organisation's account as an answer to the comment there, and kept in the record.
platform-answer-send = Send the answer to { $platform }
platform-answer-yourself = { $platform }: answer there yourself (Lykta cannot answer for you).
error-platform-answer-impossible = This comment cannot be answered from Lykta.
jobs-kind-act_on_comment = Carry out a moderation decision on the platform
record-kind-comment-platform = Moderation on the platform
