-- Known senders (slow mode lets them through a full queue): comments by address and state.
CREATE INDEX comments_sender ON comments(author_email, state);
