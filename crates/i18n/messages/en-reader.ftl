# Readers: internal blogs for staff, what comes under a post, the language switch.
reader-internal = internal
reader-internal-heading = Internal blogs for staff
reader-internal-intro = These blogs are only for those of us who work here. You see them because you are signed in.
reader-reading-time = Reading time { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}
reader-share = Share this post
reader-share-hint = The links pass on only the post's address. No tracking, and nothing loads from the other sites until you click.
reader-share-email = E-mail
reader-share-mastodon = Mastodon
reader-share-linkedin = LinkedIn
reader-share-facebook = Facebook
reader-about-authors = { $count ->
    [one] About the author
   *[other] About the authors
}
reader-author-others = More posts by { $name }:
reader-author-all = All posts by { $name }
reader-follow = Follow the blog
reader-follow-email = Get new posts by e-mail
reader-follow-email-hint = We e-mail you when something new is published. You can stop whenever you like with the link in every e-mail.
reader-follow-feed = Follow the blog in a feed reader
reader-follow-feed-hint = A feed reader is an app or web service that collects new posts from the sites you choose, without an account with us. Add this address to your feed reader:
reader-follow-channels = { $blog } is also on:
reader-related = Related posts
reader-language-nav = Language
reader-language-sv = Svenska
reader-language-en = English
reader-channel-address = Address
