-- The blast-radius cap counts offers of unproven releases over every tenant, while the offer itself runs in
-- the device's tenant-scoped transaction (row-level security). Counting in a second, system-scoped
-- transaction made each offer hold two pool connections while it waited for the cap's lock, and under a
-- burst of check-ins the pool ran dry. This function sees every tenant for the one count it makes and puts
-- the caller's setting back before it returns.
CREATE FUNCTION unproven_offers_since(since timestamptz) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    caller_scope text := coalesce(current_setting('app.all_tenants', true), '');
    offers bigint;
BEGIN
    PERFORM set_config('app.all_tenants', 'on', true);
    SELECT count(*) INTO offers FROM device_actions WHERE unproven AND offered_at > since;
    PERFORM set_config('app.all_tenants', caller_scope, true);
    RETURN offers;
END;
$$;

GRANT EXECUTE ON FUNCTION unproven_offers_since(timestamptz) TO ${app_role};
