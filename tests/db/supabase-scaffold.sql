-- The minimal slice of a Supabase database that Loupe's migrations and RLS rely on, so the
-- database tests run the real migrations on plain PostgreSQL 15:
--   roles anon / authenticated / service_role (+ authenticator that PostgREST logs in as),
--   auth.users, auth.uid()/auth.role()/auth.jwt() read from `request.jwt.claims`,
--   the `extensions` schema with pgcrypto, and Supabase's default grants on `public`
--   (everything granted to anon/authenticated; Row Level Security is what protects data).
-- Roles are cluster-wide; each test database re-runs this file, so create them once.
do $$
begin
	if not exists (select 1 from pg_roles where rolname = 'anon') then
		create role anon nologin noinherit;
		create role authenticated nologin noinherit;
		create role service_role nologin noinherit bypassrls;
		create role authenticator login noinherit;
		grant anon, authenticated, service_role to authenticator;
	end if;
end $$;

create schema extensions;
create extension pgcrypto with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create schema auth;
grant usage on schema auth to anon, authenticated, service_role;

create table auth.users (
	id uuid primary key default gen_random_uuid(),
	email text unique,
	created_at timestamptz not null default now()
);

create function auth.jwt() returns jsonb language sql stable as $$
	select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb
$$;
create function auth.uid() returns uuid language sql stable as $$
	select nullif(auth.jwt() ->> 'sub', '')::uuid
$$;
create function auth.role() returns text language sql stable as $$
	select auth.jwt() ->> 'role'
$$;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
