"""Cases have no background work yet: reports and exports are built in the request (see `cases.export`)."""
