# The registers are kept through their pages and services only; the platform administrator's site has none.
