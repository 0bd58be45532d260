-- Full-text search of posts: an FTS5 index of their bodies, case and accents folded (`éléphant`
-- finds `elephant`), kept in step with the posts table by triggers, so that a post written,
-- edited or deleted by any SQL, the app's or not, is found or not found accordingly.
CREATE VIRTUAL TABLE posts_fts USING fts5(
    body,
    content = 'posts',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');

CREATE TRIGGER posts_fts_after_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER posts_fts_after_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER posts_fts_after_update AFTER UPDATE OF body ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO posts_fts (rowid, body) VALUES (new.id, new.body);
END;
