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
