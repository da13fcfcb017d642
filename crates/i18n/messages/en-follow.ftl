# Following: changing how often on the subscription's page, the footer's links and the Follow page (/follow).
subs-frequency-change = Save the change
subs-frequency-changed = Your change is saved.
footer-follow-email = Get new posts by e-mail
footer-follow = Ways to follow us
follow-title = Follow us
follow-intro = Would you like to know when { $org } writes something new? Here are three ways to follow our blogs. Choose the one that suits you.
follow-email-heading = By e-mail
follow-email-help = Enter your e-mail address on the blog's page. You choose between a message for each new post and a weekly summary, and you can stop whenever you like.
follow-email-link = Get e-mail from
follow-feed-heading = In a feed reader
follow-feed-help = A feed reader is an app or service that gathers new posts from many websites in one place, so you do not have to visit each site. You do not have to give anyone your e-mail address. Copy the blog's address below and add it to your feed reader.
follow-feed-all = All blogs from { $org }
follow-feed-formats = The address comes in three formats, and most feed readers handle all of them:
follow-channels-heading = On social media
follow-channels-link = See all the channels where { $org } is present
