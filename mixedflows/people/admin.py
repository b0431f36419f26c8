# People, groups and encounters have no page on the platform administrator's site: the platform
# administrator never reads or deletes personal records (DESIGN.md, "The platform administrator").
