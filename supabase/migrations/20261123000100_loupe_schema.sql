-- Loupe: metadata-only sync. Tables and Row Level Security.
--
-- Only metadata lives here: no embeddings, boxes, landmarks, crops, age/gender estimates or
-- person↔face links exist in this schema at all (the client's privacy boundary refuses them, and
-- there is nowhere to put them). Versioned tables are written only through the `sync_push` RPC
-- (supabase/migrations/*_loupe_rpc.sql) so every change passes per-field conflict resolution;
-- direct INSERT/UPDATE/DELETE is revoked from API roles. RLS is enabled on every table.

create extension if not exists pgcrypto with schema extensions;

-- One global, monotonically increasing change counter: pull cursors compare against it.
create sequence public.sync_seq;

create function public.bump_sync_seq() returns trigger
language plpgsql as $$
begin
	new.sync_seq := nextval('public.sync_seq');
	new.updated_at := now();
	return new;
end $$;

-- Shape checks for the JSON columns, so that even a client that bypasses the app's privacy
-- boundary cannot park biometric data (vectors, boxes, per-face lists) inside them.
create function public.is_scene_list(v jsonb) returns boolean
language sql immutable as $$
	select jsonb_typeof(v) = 'array' and jsonb_array_length(v) <= 2000 and not exists (
		select 1 from jsonb_array_elements(v) e
		where jsonb_typeof(e) <> 'object'
			or exists (select 1 from jsonb_object_keys(e) k where k not in ('start', 'end', 'label'))
			or jsonb_typeof(e -> 'start') is distinct from 'number'
			or jsonb_typeof(e -> 'end') is distinct from 'number'
			or coalesce(jsonb_typeof(e -> 'label'), 'null') not in ('string', 'null')
			or char_length(coalesce(e ->> 'label', '')) > 200)
$$;

create function public.is_clearance_summary(v jsonb) returns boolean
language sql immutable as $$
	select jsonb_typeof(v) = 'object'
		and not exists (select 1 from jsonb_object_keys(v) k where k not in ('cleared', 'possible', 'unknown', 'reviewed', 'reviewed_at'))
		and coalesce(jsonb_typeof(v -> 'cleared'), 'number') = 'number'
		and coalesce(jsonb_typeof(v -> 'possible'), 'number') = 'number'
		and coalesce(jsonb_typeof(v -> 'unknown'), 'number') = 'number'
		and coalesce(jsonb_typeof(v -> 'reviewed'), 'boolean') = 'boolean'
		and coalesce(jsonb_typeof(v -> 'reviewed_at'), 'string') in ('string', 'null')
$$;

create function public.are_tags(v text[]) returns boolean
language sql immutable as $$
	select cardinality(v) <= 100 and not exists (select 1 from unnest(v) t where char_length(t) > 64)
$$;

-- ---------------------------------------------------------------------------------------------
create table public.profiles (
	id uuid primary key references auth.users (id) on delete cascade,
	display_name text check (char_length(display_name) <= 120),
	field_versions jsonb not null default '{}',
	sync_seq bigint not null default nextval('public.sync_seq'),
	updated_at timestamptz not null default now()
);

create table public.projects (
	id uuid primary key,
	owner_id uuid not null references auth.users (id) on delete cascade,
	title text not null default '' check (char_length(title) <= 300),
	description text check (char_length(description) <= 4000),
	created_at timestamptz not null default now(),
	deleted_at timestamptz,
	field_versions jsonb not null default '{}',
	sync_seq bigint not null default nextval('public.sync_seq'),
	updated_at timestamptz not null default now()
);

create table public.project_members (
	project_id uuid not null references public.projects (id) on delete cascade,
	user_id uuid not null references auth.users (id) on delete cascade,
	role text not null check (role in ('owner', 'editor', 'commenter', 'viewer')),
	via_link uuid, -- the share link it was accepted through (revoking the link removes the member)
	added_at timestamptz not null default now(),
	primary key (project_id, user_id)
);
create index on public.project_members (user_id);

create table public.share_links (
	id uuid primary key default gen_random_uuid(),
	project_id uuid not null references public.projects (id) on delete cascade,
	-- SHA-256 of the token. The token itself is shown once to its creator and never stored.
	token_hash bytea not null unique check (octet_length(token_hash) = 32),
	role text not null check (role in ('viewer', 'commenter')),
	created_by uuid not null references auth.users (id) on delete cascade,
	created_at timestamptz not null default now(),
	expires_at timestamptz,
	revoked_at timestamptz
);
create index on public.share_links (project_id);

create table public.media_metadata (
	id uuid primary key,
	owner_id uuid not null references auth.users (id) on delete cascade,
	-- An item can be in several projects (as in the local library). No FK on array elements: a stale
	-- id grants nothing, because access is decided by membership of the project it names.
	project_ids uuid[] not null default '{}' check (cardinality(project_ids) <= 100),
	name text not null default '' check (char_length(name) <= 500),
	kind text not null default 'image' check (kind in ('image', 'video')),
	mime text not null default '' check (char_length(mime) <= 100),
	size bigint not null default 0 check (size >= 0),
	duration double precision check (duration >= 0),
	width integer check (width >= 0),
	height integer check (height >= 0),
	taken_at timestamptz,
	tags text[] not null default '{}' check (public.are_tags(tags)),
	-- [{start, end, label}] time ranges only.
	scene_list jsonb check (scene_list is null or public.is_scene_list(scene_list)),
	-- {cleared, possible, unknown, reviewed, reviewed_at}: counts, never per-face data.
	clearance_summary jsonb check (clearance_summary is null or public.is_clearance_summary(clearance_summary)),
	deleted_at timestamptz,
	field_versions jsonb not null default '{}',
	sync_seq bigint not null default nextval('public.sync_seq'),
	updated_at timestamptz not null default now()
);
create index on public.media_metadata using gin (project_ids);
create index on public.media_metadata (owner_id);

create table public.comments (
	id uuid primary key default gen_random_uuid(),
	project_id uuid not null references public.projects (id) on delete cascade,
	media_id uuid references public.media_metadata (id) on delete cascade,
	author_id uuid references auth.users (id) on delete set null,
	author_name text check (char_length(author_name) <= 120),
	via_link uuid references public.share_links (id) on delete set null,
	body text not null check (char_length(body) between 1 and 4000),
	at_seconds double precision check (at_seconds >= 0),
	created_at timestamptz not null default now(),
	sync_seq bigint not null default nextval('public.sync_seq'),
	updated_at timestamptz not null default now()
);
create index on public.comments (project_id);

-- Talent consent, synced by reference: talent_ref is a hash of the on-device talent id.
create table public.talent_consents (
	id uuid primary key,
	owner_id uuid not null references auth.users (id) on delete cascade,
	project_id uuid references public.projects (id) on delete set null,
	talent_ref text not null default repeat('0', 64) check (talent_ref ~ '^[0-9a-f]{64}$'),
	purpose text not null default 'appearance' check (purpose in ('appearance', 'likeness', 'voice', 'biometric_matching')),
	status text not null default 'granted' check (status in ('granted', 'withdrawn', 'expired')),
	granted_at timestamptz,
	expires_at timestamptz,
	withdrawn_at timestamptz,
	field_versions jsonb not null default '{}',
	sync_seq bigint not null default nextval('public.sync_seq'),
	updated_at timestamptz not null default now()
);

-- Hash-chained, append-only audit log of the talent feature (consent granted/revoked, enrolment,
-- matches reviewed, erasure, retention purges). The subject is an HMAC of the on-device talent id;
-- each device keeps its own chain (seq, prev_hash → hash), so devices never contend.
create table public.audit_records (
	id uuid primary key,
	owner_id uuid not null references auth.users (id) on delete cascade,
	device_id uuid not null,
	seq bigint not null check (seq >= 0),
	action text not null check (action in ('talent.added', 'consent.granted', 'consent.revoked', 'reference.added',
		'references.deleted', 'match', 'review', 'talent.erased', 'retention.purged', 'settings.changed')),
	subject_hash text check (subject_hash ~ '^[0-9a-f]{64}$'),
	at timestamptz not null,
	prev_hash text check (prev_hash ~ '^[0-9a-f]{64}$'),
	hash text not null check (hash ~ '^[0-9a-f]{64}$'),
	sync_seq bigint not null default nextval('public.sync_seq'),
	updated_at timestamptz not null default now(),
	unique (owner_id, device_id, seq)
);

create table public.devices (
	id uuid primary key,
	user_id uuid not null references auth.users (id) on delete cascade,
	name text not null check (char_length(name) between 1 and 120),
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now()
);
create index on public.devices (user_id);

-- The losing side of every concurrent edit, so last-writer-wins never silently loses a change.
create table public.sync_conflicts (
	id bigserial primary key,
	owner_id uuid not null references auth.users (id) on delete cascade, -- whose data the row is
	project_id uuid references public.projects (id) on delete cascade,
	table_name text not null,
	row_id uuid not null,
	field text not null,
	losing_value jsonb,
	losing_device uuid,
	losing_at timestamptz,
	winning_value jsonb,
	winning_device uuid,
	winning_at timestamptz,
	winning_version integer not null,
	created_at timestamptz not null default now()
);
create index on public.sync_conflicts (owner_id);

create trigger bump before insert or update on public.profiles for each row execute function public.bump_sync_seq();
create trigger bump before insert or update on public.projects for each row execute function public.bump_sync_seq();
create trigger bump before insert or update on public.media_metadata for each row execute function public.bump_sync_seq();
create trigger bump before insert or update on public.comments for each row execute function public.bump_sync_seq();
create trigger bump before insert or update on public.talent_consents for each row execute function public.bump_sync_seq();
create trigger bump before insert or update on public.audit_records for each row execute function public.bump_sync_seq();

-- ---------------------------------------------------------------------------------------------
-- Membership helpers. SECURITY DEFINER so policies on project_members do not recurse.

create function public.project_role(p_project uuid) returns text
language sql stable security definer set search_path = '' as $$
	select m.role from public.project_members m where m.project_id = p_project and m.user_id = auth.uid()
$$;

create function public.is_project_member(p_project uuid, p_roles text[] default array['owner', 'editor', 'commenter', 'viewer'])
returns boolean
language sql stable security definer set search_path = '' as $$
	select coalesce(public.project_role(p_project) = any (p_roles), false)
$$;

create function public.is_member_of_any(p_projects uuid[], p_roles text[] default array['owner', 'editor', 'commenter', 'viewer'])
returns boolean
language sql stable security definer set search_path = '' as $$
	select exists (select 1 from public.project_members m
		where m.project_id = any (p_projects) and m.user_id = auth.uid() and m.role = any (p_roles))
$$;

-- The creator of a project is its owner member.
create function public.add_owner_member() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
	insert into public.project_members (project_id, user_id, role) values (new.id, new.owner_id, 'owner')
	on conflict (project_id, user_id) do update set role = 'owner';
	return new;
end $$;
create trigger add_owner after insert on public.projects for each row execute function public.add_owner_member();

-- Every signed-up user gets a profile row.
create function public.create_profile() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
	insert into public.profiles (id) values (new.id) on conflict do nothing;
	return new;
end $$;
create trigger create_profile after insert on auth.users for each row execute function public.create_profile();

-- ---------------------------------------------------------------------------------------------
-- Row Level Security: on for every table. No policy grants anything to `anon`; anonymous share
-- link visitors read through the `resolve_share` RPC, which checks the token.

alter table public.profiles enable row level security;
alter table public.projects enable row level security;
alter table public.project_members enable row level security;
alter table public.share_links enable row level security;
alter table public.media_metadata enable row level security;
alter table public.comments enable row level security;
alter table public.talent_consents enable row level security;
alter table public.audit_records enable row level security;
alter table public.devices enable row level security;
alter table public.sync_conflicts enable row level security;

create policy "own profile" on public.profiles for select to authenticated using (id = auth.uid());
create policy "own profile update" on public.profiles for update to authenticated using (id = auth.uid()) with check (id = auth.uid());

create policy "members read projects" on public.projects for select to authenticated using (public.is_project_member(id));
create policy "owners insert projects" on public.projects for insert to authenticated with check (owner_id = auth.uid());
create policy "writers update projects" on public.projects for update to authenticated
	using (public.is_project_member(id, array['owner', 'editor'])) with check (public.is_project_member(id, array['owner', 'editor']));
create policy "owners delete projects" on public.projects for delete to authenticated using (owner_id = auth.uid());

create policy "members see members" on public.project_members for select to authenticated
	using (user_id = auth.uid() or public.is_project_member(project_id, array['owner']));
create policy "owners remove members, members leave" on public.project_members for delete to authenticated
	using (role <> 'owner' and (user_id = auth.uid() or public.is_project_member(project_id, array['owner'])));

create policy "owners see links" on public.share_links for select to authenticated
	using (public.is_project_member(project_id, array['owner']));

create policy "read own or project media" on public.media_metadata for select to authenticated
	using (owner_id = auth.uid() or public.is_member_of_any(project_ids));
create policy "write own or editable media" on public.media_metadata for update to authenticated
	using (owner_id = auth.uid() or public.is_member_of_any(project_ids, array['owner', 'editor']))
	with check (owner_id = auth.uid() or public.is_member_of_any(project_ids, array['owner', 'editor']));

create policy "members read comments" on public.comments for select to authenticated using (public.is_project_member(project_id));
create policy "commenters add comments" on public.comments for insert to authenticated
	with check (author_id = auth.uid() and via_link is null
		and public.is_project_member(project_id, array['owner', 'editor', 'commenter']));
create policy "authors delete comments" on public.comments for delete to authenticated
	using (author_id = auth.uid() or public.is_project_member(project_id, array['owner']));

create policy "own consents" on public.talent_consents for select to authenticated using (owner_id = auth.uid());
create policy "own audit" on public.audit_records for select to authenticated using (owner_id = auth.uid());

create policy "own devices" on public.devices for select to authenticated using (user_id = auth.uid());
create policy "remove own devices" on public.devices for delete to authenticated using (user_id = auth.uid());

create policy "own or project conflicts" on public.sync_conflicts for select to authenticated
	using (owner_id = auth.uid() or (project_id is not null and public.is_project_member(project_id, array['owner', 'editor'])));

-- Table privileges on top of RLS. Supabase grants everything on `public` to the API roles by
-- default; take back what must only happen through the RPC functions.
revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;
revoke insert, update, delete, truncate, references, trigger on
	public.projects, public.media_metadata, public.talent_consents, public.audit_records,
	public.share_links, public.sync_conflicts, public.devices, public.project_members, public.profiles,
	public.comments
	from authenticated;
grant delete on public.project_members, public.devices, public.comments to authenticated;
grant insert (project_id, media_id, author_id, body, at_seconds) on public.comments to authenticated;
-- The token hash never leaves the database, not even to the link's owner.
revoke select on public.share_links from authenticated;
grant select (id, project_id, role, created_by, created_at, expires_at, revoked_at) on public.share_links to authenticated;
