-- Full-text search of posts: a GIN index of their bodies as text-search vectors, case and
-- accents folded (`éléphant` finds `elephant`; `unaccent` is a contrib extension that Debian's
-- PostgreSQL and the official image ship). An expression index is kept in step with the posts
-- table by PostgreSQL itself, whatever SQL writes, edits or deletes a post. The 'simple'
-- configuration does no stemming: posts are in many languages.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- `unaccent` is only STABLE (its dictionary could change); an index needs IMMUTABLE, which the
-- dictionary named here is.
CREATE FUNCTION posts_search_vector(body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT to_tsvector('simple'::regconfig, public.unaccent('public.unaccent'::regdictionary, body)) $$;

CREATE FUNCTION posts_search_query(terms text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT to_tsquery('simple'::regconfig, public.unaccent('public.unaccent'::regdictionary, terms)) $$;

CREATE INDEX posts_search ON posts USING GIN (posts_search_vector(body));
