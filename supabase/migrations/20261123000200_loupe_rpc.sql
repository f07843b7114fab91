-- Loupe: the trusted logic, as SQL functions called over RPC (supabase.rpc(...)).
--   sync_push          per-field last-writer-wins with versions; the losing side is kept
--   sync_pull          everything the caller may see that changed since a cursor (RLS applies)
--   create/revoke/list share links, resolve_share (anon-callable), accept_share, add_share_comment
--   register_device / list_devices, append_audit (hash-chained, append-only)

-- Fields each versioned table accepts through sync_push (mirrors src/lib/privacy/boundary.ts).
create function public.sync_allowed_fields(p_table text) returns text[]
language sql immutable as $$
	select case p_table
		when 'projects' then array['title', 'description', 'created_at', 'deleted_at']
		when 'media_metadata' then array['project_ids', 'name', 'kind', 'mime', 'size', 'duration', 'width', 'height',
			'taken_at', 'tags', 'scene_list', 'clearance_summary', 'deleted_at']
		when 'talent_consents' then array['project_id', 'talent_ref', 'purpose', 'status', 'granted_at', 'expires_at', 'withdrawn_at']
		when 'profiles' then array['display_name']
	end
$$;

-- May the current user write this row (existing: p_row is its JSON; new: null)?
create function public.sync_may_write(p_table text, p_row_id uuid, p_row jsonb) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
	uid uuid := auth.uid();
begin
	if uid is null then return false; end if;
	if p_row is null then
		-- Creating: profiles only for oneself; everything else is owned by its creator.
		return p_table <> 'profiles' or p_row_id = uid;
	end if;
	return case p_table
		when 'profiles' then p_row_id = uid
		when 'projects' then public.is_project_member(p_row_id, array['owner', 'editor'])
		when 'media_metadata' then (p_row ->> 'owner_id')::uuid = uid
			or public.is_member_of_any(array(select jsonb_array_elements_text(p_row -> 'project_ids'))::uuid[], array['owner', 'editor'])
		when 'talent_consents' then (p_row ->> 'owner_id')::uuid = uid
		else false
	end;
end $$;

-- Applies one field change. Called only by sync_push (not exposed over the API).
create function public.sync_apply_change(c jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	uid uuid := auth.uid();
	tbl text := c ->> 'table';
	fld text := c ->> 'field';
	rid uuid := (c ->> 'row_id')::uuid;
	base int := (c ->> 'base_version')::int;
	dev uuid := (c ->> 'device_id')::uuid;
	-- A client clock far in the future must not win every conflict forever.
	ts timestamptz := least((c ->> 'client_ts')::timestamptz, now() + interval '5 minutes');
	val jsonb := c -> 'value';
	cur jsonb;
	cv jsonb;
	cur_v int;
	cur_ts timestamptz;
	cur_dev uuid;
	cur_val jsonb;
	conflict boolean;
	wins boolean;
	target uuid;
begin
	if tbl is null or not (tbl = any (array['projects', 'media_metadata', 'talent_consents', 'profiles'])) then
		raise exception 'table % does not sync', coalesce(tbl, '(none)') using errcode = '22023';
	end if;
	if fld is null or not (fld = any (public.sync_allowed_fields(tbl))) then
		raise exception 'field %.% is not on the allow-list', tbl, coalesce(fld, '(none)') using errcode = '22023';
	end if;
	if rid is null or dev is null or ts is null or base is null or base < 0 or val is null then
		raise exception 'a change needs row_id, device_id, client_ts, base_version and value' using errcode = '22023';
	end if;

	execute format('select to_jsonb(t) from public.%I t where id = $1 for update', tbl) into cur using rid;
	if cur is null then
		if not public.sync_may_write(tbl, rid, null) then
			raise exception 'not allowed to create %', tbl using errcode = '42501';
		end if;
		if tbl = 'profiles' then
			insert into public.profiles (id) values (rid) on conflict do nothing;
		else
			execute format('insert into public.%I (id, owner_id) values ($1, $2) on conflict (id) do nothing', tbl) using rid, uid;
		end if;
		execute format('select to_jsonb(t) from public.%I t where id = $1 for update', tbl) into cur using rid;
	end if;
	if not public.sync_may_write(tbl, rid, cur) then
		raise exception 'not allowed to change this %', tbl using errcode = '42501';
	end if;
	-- Putting media or consent into a project needs write access to that project.
	if fld = 'project_id' and val <> 'null'::jsonb then
		target := (val #>> '{}')::uuid;
		if not public.is_project_member(target, array['owner', 'editor']) then
			raise exception 'not allowed to add to project %', target using errcode = '42501';
		end if;
	end if;
	if fld = 'project_ids' and jsonb_typeof(val) = 'array' then
		for target in select (x #>> '{}')::uuid from jsonb_array_elements(val) x
			where not coalesce(cur -> 'project_ids', '[]'::jsonb) @> jsonb_build_array(x) loop
			if not public.is_project_member(target, array['owner', 'editor']) then
				raise exception 'not allowed to add to project %', target using errcode = '42501';
			end if;
		end loop;
	end if;

	cv := cur -> 'field_versions' -> fld;
	cur_v := coalesce((cv ->> 'v')::int, 0);
	cur_ts := (cv ->> 'at')::timestamptz;
	cur_dev := (cv ->> 'd')::uuid;
	cur_val := cur -> fld;

	conflict := base <> cur_v;
	-- Last writer wins by client time, then device id, so every device resolves the same way.
	wins := not conflict or cur_ts is null or (ts, dev::text) > (cur_ts, cur_dev::text);

	if wins then
		execute format(
			'update public.%I t set %I = (jsonb_populate_record(null::public.%I, $1)).%I, field_versions = t.field_versions || $2 where id = $3',
			tbl, fld, tbl, fld)
		using jsonb_build_object(fld, val), jsonb_build_object(fld, jsonb_build_object('v', cur_v + 1, 'at', ts, 'd', dev)), rid;
		execute format('select to_jsonb(t) from public.%I t where id = $1', tbl) into cur using rid;
		if conflict and cur_val is distinct from cur -> fld then
			insert into public.sync_conflicts (owner_id, project_id, table_name, row_id, field, losing_value, losing_device,
				losing_at, winning_value, winning_device, winning_at, winning_version)
			values (coalesce((cur ->> 'owner_id')::uuid, rid), case when tbl = 'projects' then rid when tbl = 'media_metadata' then (cur -> 'project_ids' ->> 0)::uuid else (cur ->> 'project_id')::uuid end,
				tbl, rid, fld, cur_val, cur_dev, cur_ts, cur -> fld, dev, ts, cur_v + 1);
		end if;
		return jsonb_build_object('table', tbl, 'row_id', rid, 'field', fld,
			'status', case when conflict then 'won_conflict' else 'applied' end,
			'version', cur_v + 1, 'value', cur -> fld);
	end if;

	insert into public.sync_conflicts (owner_id, project_id, table_name, row_id, field, losing_value, losing_device,
		losing_at, winning_value, winning_device, winning_at, winning_version)
	values (coalesce((cur ->> 'owner_id')::uuid, rid), case when tbl = 'projects' then rid when tbl = 'media_metadata' then (cur -> 'project_ids' ->> 0)::uuid else (cur ->> 'project_id')::uuid end,
		tbl, rid, fld, val, dev, ts, cur_val, cur_dev, cur_ts, cur_v);
	return jsonb_build_object('table', tbl, 'row_id', rid, 'field', fld, 'status', 'superseded', 'version', cur_v, 'value', cur_val);
end $$;

create function public.sync_push(p_changes jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	c jsonb;
	res jsonb;
	out jsonb := '[]';
begin
	if auth.uid() is null then
		raise exception 'sign in to sync' using errcode = '42501';
	end if;
	if jsonb_typeof(p_changes) is distinct from 'array' or jsonb_array_length(p_changes) > 500 then
		raise exception 'p_changes must be a list of at most 500 changes' using errcode = '22023';
	end if;
	for c in select value from jsonb_array_elements(p_changes) loop
		begin
			res := public.sync_apply_change(c);
		exception when others then
			-- One bad change must not block the others (or the device's outbox) forever.
			res := jsonb_build_object('table', c ->> 'table', 'row_id', c ->> 'row_id', 'field', c ->> 'field',
				'status', case when sqlstate = '42501' then 'denied' else 'rejected' end, 'error', sqlerrm);
		end;
		out := out || jsonb_build_array(res);
	end loop;
	return out;
end $$;

-- Security invoker: Row Level Security decides what comes back.
create function public.sync_pull(p_since bigint) returns jsonb
language sql stable security invoker set search_path = '' as $$
	with changed as (
		select 'projects' as tbl, t.sync_seq, to_jsonb(t) as row from public.projects t where t.sync_seq > p_since
		union all select 'media_metadata', t.sync_seq, to_jsonb(t) from public.media_metadata t where t.sync_seq > p_since
		union all select 'talent_consents', t.sync_seq, to_jsonb(t) from public.talent_consents t where t.sync_seq > p_since
		union all select 'profiles', t.sync_seq, to_jsonb(t) from public.profiles t where t.sync_seq > p_since
		union all select 'comments', t.sync_seq, to_jsonb(t) - 'via_link' from public.comments t where t.sync_seq > p_since
		union all select 'audit_records', t.sync_seq, to_jsonb(t) from public.audit_records t where t.sync_seq > p_since
		order by 2
		limit 1000
	)
	select jsonb_build_object(
		'cursor', coalesce((select max(sync_seq) from changed), p_since),
		'more', (select count(*) from changed) = 1000,
		'rows', coalesce((select jsonb_agg(jsonb_build_object('table', tbl, 'row', row) order by sync_seq) from changed), '[]'))
$$;

-- ---------------------------------------------------------------------------------------------
-- Share links.

create function public.share_token_hash(p_token text) returns bytea
language sql immutable as $$ select sha256(convert_to(p_token, 'UTF8')) $$;

create function public.create_share_link(p_project_id uuid, p_role text, p_expires_at timestamptz default null)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	tok text;
	link public.share_links;
begin
	if auth.uid() is null or not public.is_project_member(p_project_id, array['owner']) then
		raise exception 'only the project owner can share it' using errcode = '42501';
	end if;
	if p_role is null or p_role not in ('viewer', 'commenter') then
		raise exception 'role must be viewer or commenter' using errcode = '22023';
	end if;
	if p_expires_at is not null and p_expires_at <= now() then
		raise exception 'expiry must be in the future' using errcode = '22023';
	end if;
	tok := rtrim(translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/', '-_'), '=');
	insert into public.share_links (project_id, token_hash, role, created_by, expires_at)
	values (p_project_id, public.share_token_hash(tok), p_role, auth.uid(), p_expires_at)
	returning * into link;
	-- The only time the token exists in clear: the caller turns it into /share/<token>.
	return jsonb_build_object('id', link.id, 'token', tok, 'role', link.role, 'expires_at', link.expires_at);
end $$;

create function public.list_share_links(p_project_id uuid) returns jsonb
language sql stable security invoker set search_path = '' as $$
	select coalesce(jsonb_agg(jsonb_build_object('id', l.id, 'role', l.role, 'created_at', l.created_at,
		'expires_at', l.expires_at, 'revoked_at', l.revoked_at) order by l.created_at desc), '[]')
	from public.share_links l where l.project_id = p_project_id
$$;

create function public.revoke_share_link(p_link_id uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	link public.share_links;
begin
	select * into link from public.share_links where id = p_link_id for update;
	if not found or auth.uid() is null or not public.is_project_member(link.project_id, array['owner']) then
		raise exception 'no such link, or not yours to revoke' using errcode = '42501';
	end if;
	update public.share_links set revoked_at = coalesce(revoked_at, now()) where id = p_link_id;
	-- People who joined through the link lose access with it.
	delete from public.project_members where via_link = p_link_id and role <> 'owner';
	return jsonb_build_object('id', p_link_id, 'revoked', true);
end $$;

-- The link's state, without revealing anything when it is not usable.
create function public.share_link_for(p_token text) returns public.share_links
language sql stable security definer set search_path = '' as $$
	select * from public.share_links
	where p_token ~ '^[A-Za-z0-9_-]{16,128}$' and token_hash = public.share_token_hash(p_token)
$$;

create function public.share_status(link public.share_links) returns text
language sql stable as $$
	select case
		when link.id is null then 'unknown'
		when link.revoked_at is not null then 'revoked'
		when link.expires_at is not null and link.expires_at <= now() then 'expired'
		else 'ok'
	end
$$;

-- What a link's holder sees. Callable by anyone (anon included): the token is the credential.
create function public.resolve_share(p_token text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
	link public.share_links := public.share_link_for(p_token);
	st text := public.share_status(link);
	p public.projects;
begin
	if st <> 'ok' then
		return jsonb_build_object('status', st);
	end if;
	select * into p from public.projects where id = link.project_id and deleted_at is null;
	if not found then
		return jsonb_build_object('status', 'unknown');
	end if;
	return jsonb_build_object(
		'status', 'ok',
		'role', link.role,
		'expires_at', link.expires_at,
		'project', jsonb_build_object('id', p.id, 'title', p.title, 'description', p.description, 'updated_at', p.updated_at),
		'media', coalesce((
			select jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'kind', m.kind, 'mime', m.mime, 'size', m.size,
				'duration', m.duration, 'width', m.width, 'height', m.height, 'taken_at', m.taken_at, 'tags', m.tags,
				'scene_list', m.scene_list, 'clearance_summary', m.clearance_summary) order by m.taken_at nulls last, m.name)
			from public.media_metadata m where p.id = any (m.project_ids) and m.deleted_at is null), '[]'),
		'comments', coalesce((
			select jsonb_agg(jsonb_build_object('id', c.id, 'media_id', c.media_id, 'body', c.body,
				'author_name', coalesce(c.author_name, pr.display_name, 'Collaborator'), 'at_seconds', c.at_seconds,
				'created_at', c.created_at) order by c.created_at)
			from public.comments c left join public.profiles pr on pr.id = c.author_id where c.project_id = p.id), '[]'));
end $$;

-- A signed-in user turns a link into project membership (with the link's role, never more).
create function public.accept_share(p_token text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	link public.share_links := public.share_link_for(p_token);
	st text := public.share_status(link);
begin
	if auth.uid() is null then
		raise exception 'sign in to join a shared project' using errcode = '42501';
	end if;
	if st <> 'ok' then
		return jsonb_build_object('status', st);
	end if;
	insert into public.project_members (project_id, user_id, role, via_link)
	values (link.project_id, auth.uid(), link.role, link.id)
	on conflict (project_id, user_id) do nothing; -- an existing (possibly higher) role is kept
	return jsonb_build_object('status', 'ok', 'project_id', link.project_id, 'role', public.project_role(link.project_id));
end $$;

create function public.add_share_comment(p_token text, p_body text, p_media_id uuid default null, p_author_name text default null)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	link public.share_links := public.share_link_for(p_token);
	st text := public.share_status(link);
	c public.comments;
begin
	if st <> 'ok' then
		raise exception 'this link is %', st using errcode = '42501';
	end if;
	if link.role <> 'commenter' then
		raise exception 'this link only allows viewing' using errcode = '42501';
	end if;
	if p_media_id is not null and not exists (
		select 1 from public.media_metadata where id = p_media_id and link.project_id = any (project_ids)) then
		raise exception 'no such media in this project' using errcode = '42501';
	end if;
	insert into public.comments (project_id, media_id, author_id, author_name, via_link, body)
	values (link.project_id, p_media_id, auth.uid(), nullif(trim(p_author_name), ''), link.id, p_body)
	returning * into c;
	return jsonb_build_object('id', c.id, 'media_id', c.media_id, 'body', c.body, 'author_name', c.author_name,
		'created_at', c.created_at);
end $$;

-- ---------------------------------------------------------------------------------------------
-- Devices and the audit log.

create function public.register_device(p_device_id uuid, p_name text) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	d public.devices;
begin
	if auth.uid() is null then
		raise exception 'sign in first' using errcode = '42501';
	end if;
	insert into public.devices (id, user_id, name) values (p_device_id, auth.uid(), p_name)
	on conflict (id) do update set name = excluded.name, last_seen_at = now()
		where public.devices.user_id = auth.uid()
	returning * into d;
	if d.id is null then
		raise exception 'this device id belongs to someone else' using errcode = '42501';
	end if;
	return to_jsonb(d) - 'user_id';
end $$;

create function public.list_devices() returns jsonb
language sql stable security invoker set search_path = '' as $$
	select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'name', d.name, 'created_at', d.created_at,
		'last_seen_at', d.last_seen_at) order by d.last_seen_at desc), '[]')
	from public.devices d
$$;

-- Appends audit rows in order; each must continue the caller's hash chain. Nothing can be
-- updated or deleted afterwards (no API role has those privileges).
create function public.append_audit(p_records jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	r jsonb;
	last public.audit_records;
	n int := 0;
begin
	if auth.uid() is null then
		raise exception 'sign in first' using errcode = '42501';
	end if;
	if jsonb_typeof(p_records) is distinct from 'array' then
		raise exception 'p_records must be a list' using errcode = '22023';
	end if;
	for r in select value from jsonb_array_elements(p_records) loop
		if exists (select 1 from public.audit_records where id = (r ->> 'id')::uuid and owner_id = auth.uid()) then
			continue; -- already synced (a retry)
		end if;
		select * into last from public.audit_records
		where owner_id = auth.uid() and device_id = (r ->> 'device_id')::uuid order by seq desc limit 1;
		if last.id is null then
			if r ->> 'prev_hash' is not null then
				raise exception 'the first audit record of a device has no predecessor' using errcode = '22023';
			end if;
		elsif (r ->> 'seq')::bigint <> last.seq + 1 or (r ->> 'prev_hash') is distinct from last.hash then
			raise exception 'audit record % does not continue the chain (expected seq % after %)', r ->> 'seq', last.seq + 1, last.hash
				using errcode = '22023';
		end if;
		-- The hash must cover exactly this row (same canonical form as src/lib/sync/audit.ts).
		if r ->> 'hash' is distinct from encode(sha256(convert_to(concat_ws('|', coalesce(r ->> 'prev_hash', ''), r ->> 'seq',
			r ->> 'action', coalesce(r ->> 'subject_hash', ''), r ->> 'at', r ->> 'device_id'), 'UTF8')), 'hex') then
			raise exception 'audit record % does not match its hash', r ->> 'seq' using errcode = '22023';
		end if;
		insert into public.audit_records (id, owner_id, device_id, seq, action, subject_hash, at, prev_hash, hash)
		values ((r ->> 'id')::uuid, auth.uid(), (r ->> 'device_id')::uuid, (r ->> 'seq')::bigint, r ->> 'action', r ->> 'subject_hash',
			(r ->> 'at')::timestamptz, r ->> 'prev_hash', r ->> 'hash');
		n := n + 1;
	end loop;
	return jsonb_build_object('appended', n);
end $$;

-- Internal helpers are not part of the API.
revoke execute on function public.sync_apply_change(jsonb) from public, anon, authenticated;
revoke execute on function public.sync_may_write(text, uuid, jsonb) from public, anon, authenticated;
revoke execute on function public.share_link_for(text) from public, anon, authenticated;
revoke execute on function public.bump_sync_seq() from public, anon, authenticated;
revoke execute on function public.add_owner_member() from public, anon, authenticated;
revoke execute on function public.create_profile() from public, anon, authenticated;
-- Only the share functions are open to anonymous link holders.
revoke execute on function public.sync_push(jsonb), public.sync_pull(bigint), public.create_share_link(uuid, text, timestamptz),
	public.list_share_links(uuid), public.revoke_share_link(uuid), public.accept_share(text),
	public.register_device(uuid, text), public.list_devices(), public.append_audit(jsonb)
	from public, anon;
grant execute on function public.sync_push(jsonb), public.sync_pull(bigint), public.create_share_link(uuid, text, timestamptz),
	public.list_share_links(uuid), public.revoke_share_link(uuid), public.accept_share(text),
	public.register_device(uuid, text), public.list_devices(), public.append_audit(jsonb)
	to authenticated;
grant execute on function public.resolve_share(text), public.add_share_comment(text, text, uuid, text) to anon, authenticated;
