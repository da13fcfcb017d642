-- Publishing to the spokes, complete: a text per channel for a post, the
-- channels a blog's posts go to by default and what happens to the copies
-- when a post changes or comes down, and every outcome of a delivery.

-- The team's own text for the post on that channel ('' : the composed one).
ALTER TABLE post_channels ADD COLUMN text TEXT NOT NULL DEFAULT '';

-- The channels a new post of the blog is sent to unless the team says otherwise.
CREATE TABLE blog_channels (
    blog_id BIGINT NOT NULL REFERENCES blogs(id),
    channel_id BIGINT NOT NULL REFERENCES channels(id),
    PRIMARY KEY (blog_id, channel_id)
);

-- A blog's choices for its copies: remove them when a post is unpublished,
-- show "also on" links under the public post.
CREATE TABLE blog_syndication (
    blog_id BIGINT PRIMARY KEY REFERENCES blogs(id),
    remove_on_unpublish BOOLEAN NOT NULL DEFAULT FALSE,
    show_also_on BOOLEAN NOT NULL DEFAULT FALSE
);

-- What the delivery's next attempt does to the copy: publish | update | delete.
ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'publish';

-- Every outcome of every attempt (sent, updated, removed, failed, …).
CREATE TABLE delivery_events (
    id BIGSERIAL PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX delivery_events_delivery ON delivery_events(delivery_id, id);
CREATE INDEX deliveries_sent_at ON deliveries(sent_at);
