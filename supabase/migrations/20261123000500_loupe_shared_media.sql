-- Loupe: explicit per-item file sharing. The owner may upload one chosen original to the
-- `shared-exports` Storage bucket; the object path (never the bytes) syncs as
-- media_metadata.shared_path so link holders can download it. Format: <project>/<media>/<name>,
-- where <media> must be the row's own id (a path cannot point at someone else's object).

alter table public.media_metadata add column shared_path text
	check (shared_path is null or (char_length(shared_path) <= 400
		and shared_path ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}/[A-Za-z0-9._-]{1,200}$'
		and split_part(shared_path, '/', 2) = id::text));

create or replace function public.sync_allowed_fields(p_table text) returns text[]
language sql immutable as $$
	select case p_table
		when 'projects' then array['title', 'description', 'created_at', 'deleted_at']
		when 'media_metadata' then array['project_ids', 'name', 'kind', 'mime', 'size', 'duration', 'width', 'height',
			'taken_at', 'tags', 'scene_list', 'clearance_summary', 'deleted_at', 'shared_path']
		when 'talent_consents' then array['project_id', 'talent_ref', 'purpose', 'status', 'granted_at', 'expires_at', 'withdrawn_at']
		when 'profiles' then array['display_name']
	end
$$;

-- resolve_share, as before, plus shared_path when the file was shared into this very project.
create or replace function public.resolve_share(p_token text) returns jsonb
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
				'scene_list', m.scene_list, 'clearance_summary', m.clearance_summary,
				'shared_path', case when split_part(m.shared_path, '/', 1) = p.id::text then m.shared_path end)
				order by m.taken_at nulls last, m.name)
			from public.media_metadata m where p.id = any (m.project_ids) and m.deleted_at is null), '[]'),
		'comments', coalesce((
			select jsonb_agg(jsonb_build_object('id', c.id, 'media_id', c.media_id, 'body', c.body,
				'author_name', coalesce(c.author_name, pr.display_name, 'Collaborator'), 'at_seconds', c.at_seconds,
				'created_at', c.created_at) order by c.created_at)
			from public.comments c left join public.profiles pr on pr.id = c.author_id where c.project_id = p.id), '[]'));
end $$;
