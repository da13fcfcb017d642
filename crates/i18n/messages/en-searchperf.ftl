# Search: the list of authors, and hits not counted to the end.
search-all-authors = All authors
search-count-more = More than { $count } results for “{ $q }”. Add words or narrow the search to find what you want.
