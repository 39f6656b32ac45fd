-- List pages sort by these columns and page with LIMIT/OFFSET; an index in sort order lets
-- PostgreSQL stop after the page instead of sorting the whole table.
create index systems_name_sort_idx on information_systems (name, id);
create index systems_level_sort_idx on information_systems (security_level, id);
create index contact_points_name_sort_idx on contact_points (name, id);
create index agencies_name_sort_idx on agencies (name, id);
