# Search: the public page /search and the staff's search in the admin.
search-title = Search
search-label = Search the site
search-button = Search
search-filters = Narrow the search
search-blog = Blog
search-all-blogs = All blogs
search-tag = Tag
search-author = Author
search-from = From
search-to = To
search-count = { $count ->
    [0] No results for “{ $q }”
    [one] One result for “{ $q }”
   *[other] { $count } results for “{ $q }”
}
search-none = Try another word, another form of it, or fewer words. Type word* to find everything that starts so, and "in quotes" for an exact phrase.
search-prev = Previous results
search-next = More results
search-empty = Type something to search for.
search-too-long = The search is too long. Use at most { $max } characters.
search-only-stop-words = The search held only common little words (like “and” and “the”), which are not searched. Add a word that says what you are looking for.
search-bad-filter = The search's filters could not be read. Choose the blog, dates and page in the form.
search-opensearch-description = Search the posts and pages
admin-search = Search
search-staff-help = You search everything you may read: published posts, drafts you may open, internal blogs, pages and comments waiting for you.
search-kind-post = Post
search-kind-page = Page
search-kind-comment = Comment waiting
search-state-draft = Draft
search-state-scheduled = Scheduled
search-state-unpublished = Unpublished
search-state-pending = Waiting for review
