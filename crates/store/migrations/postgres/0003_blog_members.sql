-- Roles in blogs: editor, author, guest (with an end date), reviewer, moderator.
CREATE TABLE blog_members (
    blog_id BIGINT NOT NULL REFERENCES blogs(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    expires_at BIGINT,
    added_by BIGINT REFERENCES users(id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (blog_id, user_id)
);
CREATE INDEX blog_members_user ON blog_members(user_id);

-- Organisation roles are now admin, communicator and employee. Authors keep
-- what they could do: write in every blog that exists.
INSERT INTO blog_members (blog_id, user_id, role, expires_at, added_by, added_at)
    SELECT b.id, u.id, 'author', NULL, NULL, u.created_at FROM users u CROSS JOIN blogs b WHERE u.role = 'author';
UPDATE users SET role = 'employee' WHERE role = 'author';
