-- Loupe: deleting the whole account (GDPR Art. 17, issue 8).
--   request_account_deletion()          the signed-in user asks for it; scheduled 30 days out
--   cancel_account_deletion()           the user changes their mind before the purge ran
--   account_deletion_status()           the user's own pending/cancelled/completed request
--   purge_due_account_deletions(p_now)  service_role only (a scheduled job): deletes every Loupe row
--                                       of each user whose request is due and not cancelled
-- The grace period lets a user undo a mistake (or a stolen session's mischief); local data on the
-- device is erased at once by the app, independently of this.

create table public.account_deletions (
	user_id uuid primary key references auth.users (id) on delete cascade,
	requested_at timestamptz not null default now(),
	scheduled_for timestamptz not null,
	cancelled_at timestamptz,
	completed_at timestamptz,
	check (scheduled_for >= requested_at)
);
create index on public.account_deletions (scheduled_for) where cancelled_at is null and completed_at is null;

alter table public.account_deletions enable row level security;
create policy "own deletion request" on public.account_deletions for select to authenticated using (user_id = auth.uid());
-- Changes only through the functions below, so the 30 days cannot be shortened or faked by a client.
revoke all on public.account_deletions from anon;
revoke insert, update, delete, truncate, references, trigger on public.account_deletions from authenticated;

create function public.account_deletion_json(d public.account_deletions) returns jsonb
language sql immutable as $$
	select case when d.user_id is null then null else jsonb_build_object(
		'status', case when d.completed_at is not null then 'completed' when d.cancelled_at is not null then 'cancelled' else 'pending' end,
		'requested_at', d.requested_at,
		'scheduled_for', d.scheduled_for,
		'cancelled_at', d.cancelled_at,
		'completed_at', d.completed_at) end
$$;

create function public.request_account_deletion() returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	uid uuid := auth.uid();
	d public.account_deletions;
begin
	if uid is null then
		raise exception 'sign in to delete your account' using errcode = '42501';
	end if;
	-- Asking again while a request is pending keeps the original date (it must not push it back).
	insert into public.account_deletions as a (user_id, requested_at, scheduled_for)
	values (uid, now(), now() + interval '720 hours') -- 30 days, exact in any server time zone
	on conflict (user_id) do update
		set requested_at = excluded.requested_at, scheduled_for = excluded.scheduled_for, cancelled_at = null, completed_at = null
		where a.cancelled_at is not null or a.completed_at is not null;
	select * into d from public.account_deletions where user_id = uid;
	return public.account_deletion_json(d);
end $$;

create function public.cancel_account_deletion() returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	uid uuid := auth.uid();
	d public.account_deletions;
begin
	if uid is null then
		raise exception 'sign in to cancel the deletion' using errcode = '42501';
	end if;
	update public.account_deletions set cancelled_at = now()
	where user_id = uid and cancelled_at is null and completed_at is null
	returning * into d;
	if d.user_id is null then
		raise exception 'there is no pending account deletion to cancel' using errcode = 'P0002';
	end if;
	return public.account_deletion_json(d);
end $$;

create function public.account_deletion_status() returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
	d public.account_deletions;
begin
	if auth.uid() is null then
		raise exception 'sign in to see your account' using errcode = '42501';
	end if;
	select * into d from public.account_deletions where user_id = auth.uid();
	return public.account_deletion_json(d);
end $$;

-- Deletes everything Loupe stores for one user. Projects they own go with their members, links,
-- comments and conflicts (ON DELETE CASCADE); other people's media that was in those projects stays
-- theirs. The auth.users row itself is removed by Supabase's auth admin API, outside this schema.
create function public.purge_account_data(p_user uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
	delete from public.comments where author_id = p_user;
	delete from public.share_links where created_by = p_user;
	delete from public.project_members where user_id = p_user;
	delete from public.sync_conflicts where owner_id = p_user;
	delete from public.projects where owner_id = p_user;
	delete from public.media_metadata where owner_id = p_user;
	delete from public.talent_consents where owner_id = p_user;
	delete from public.audit_records where owner_id = p_user;
	delete from public.devices where user_id = p_user;
	delete from public.profiles where id = p_user;
end $$;

create function public.purge_due_account_deletions(p_now timestamptz default now()) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
	u uuid;
	users uuid[] := '{}';
begin
	for u in select user_id from public.account_deletions
		where scheduled_for <= p_now and cancelled_at is null and completed_at is null
		order by scheduled_for for update skip locked loop
		perform public.purge_account_data(u);
		update public.account_deletions set completed_at = p_now where user_id = u;
		users := users || u;
	end loop;
	return jsonb_build_object('purged', cardinality(users), 'user_ids', to_jsonb(users));
end $$;

revoke execute on function public.account_deletion_json(public.account_deletions), public.purge_account_data(uuid)
	from public, anon, authenticated, service_role;
revoke execute on function public.request_account_deletion(), public.cancel_account_deletion(), public.account_deletion_status()
	from public, anon, service_role;
grant execute on function public.request_account_deletion(), public.cancel_account_deletion(), public.account_deletion_status()
	to authenticated;
revoke execute on function public.purge_due_account_deletions(timestamptz) from public, anon, authenticated;
grant execute on function public.purge_due_account_deletions(timestamptz) to service_role;
