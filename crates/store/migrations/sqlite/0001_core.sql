-- Lykta core schema (SQLite). Times are Unix seconds (INTEGER).
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    default_language TEXT NOT NULL DEFAULT 'sv',
    contact_email TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    logo_media_id INTEGER,
    accessibility_statement TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    unit_id INTEGER REFERENCES units(id),
    photo_media_id INTEGER,
    photo_alt TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    stem TEXT NOT NULL UNIQUE,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    variant_widths TEXT NOT NULL,
    alt TEXT NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL
);

CREATE TABLE blogs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    tagline TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    audience TEXT NOT NULL,
    unit_id INTEGER REFERENCES units(id),
    purpose TEXT NOT NULL DEFAULT '',
    goal TEXT NOT NULL DEFAULT '',
    resources TEXT NOT NULL DEFAULT '',
    engagement TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    cover_media_id INTEGER REFERENCES media(id),
    cover_alt TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    publish_at INTEGER,
    published_at INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (blog_id, slug)
);
CREATE INDEX posts_blog_state ON posts(blog_id, state, published_at);

CREATE TABLE post_authors (
    post_id INTEGER NOT NULL REFERENCES posts(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_authors_user ON post_authors(user_id);

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (post_id, slug)
);
CREATE INDEX post_tags_slug ON post_tags(slug);

-- Append-only: every save of a post, written in the same transaction.
CREATE TABLE post_revisions (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    state TEXT NOT NULL,
    event TEXT NOT NULL,
    saved_by INTEGER REFERENCES users(id),
    saved_at INTEGER NOT NULL
);
CREATE INDEX post_revisions_post ON post_revisions(post_id, id);

CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    blog_id INTEGER NOT NULL REFERENCES blogs(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (blog_id, slug)
);

CREATE TABLE page_revisions (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES pages(id),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published INTEGER NOT NULL,
    saved_by INTEGER REFERENCES users(id),
    saved_at INTEGER NOT NULL
);

-- Side effects (scheduled publishing, later e-mail and syndication).
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    last_error TEXT,
    done_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(done_at, run_at);
