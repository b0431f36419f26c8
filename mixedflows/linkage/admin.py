# Match candidates, merges and notices have no page on the platform administrator's site: they name
# people, and the platform administrator never reads personal records (DESIGN.md, "The platform administrator").
